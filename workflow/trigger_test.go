package workflow

import "testing"

func TestMatch(t *testing.T) {
	tests := []struct {
		what string
		on   string
		t    Trigger
		want bool
	}{
		{"push, no filters, branch", "push", Trigger{Event: "push", Ref: "refs/heads/dev"}, true},
		{"push, no filters, tag", "push", Trigger{Event: "push", Ref: "refs/tags/v1"}, true},
		{"other event", "push", Trigger{Event: "pull_request", Ref: "refs/heads/main"}, false},
		{"branch filter matches", "{push: {branches: [release]}}", Trigger{Event: "push", Ref: "refs/heads/release"}, true},
		{"branch filter misses", "{push: {branches: [release]}}", Trigger{Event: "push", Ref: "refs/heads/main"}, false},
		{"only branches: tags don't fire", "{push: {branches: ['**']}}", Trigger{Event: "push", Ref: "refs/tags/v1.2.3"}, false},
		{"only tags: branches don't fire", "{push: {tags: ['v*']}}", Trigger{Event: "push", Ref: "refs/heads/main"}, false},
		{"tags filter matches", "{push: {tags: ['v*']}}", Trigger{Event: "push", Ref: "refs/tags/v1.2.3"}, true},
		{"branches and tags: tag", "{push: {branches: [master], tags: ['v*']}}", Trigger{Event: "push", Ref: "refs/tags/v2"}, true},
		{"branches and tags: branch", "{push: {branches: [master], tags: ['v*']}}", Trigger{Event: "push", Ref: "refs/heads/master"}, true},
		{"branches-ignore", "{push: {branches-ignore: ['dev/**']}}", Trigger{Event: "push", Ref: "refs/heads/dev/x"}, false},
		{"branches-ignore, other branch", "{push: {branches-ignore: ['dev/**']}}", Trigger{Event: "push", Ref: "refs/heads/main"}, true},
		{"negation in order", "{push: {branches: ['releases/**', '!releases/**-alpha']}}", Trigger{Event: "push", Ref: "refs/heads/releases/10-alpha"}, false},
		{"negation in order, kept", "{push: {branches: ['releases/**', '!releases/**-alpha']}}", Trigger{Event: "push", Ref: "refs/heads/releases/10"}, true},
		{"paths match", "{push: {paths: ['**.js']}}", Trigger{Event: "push", Ref: "refs/heads/main", Files: []string{"README.md", "src/app.js"}}, true},
		{"paths miss", "{push: {paths: ['**.js']}}", Trigger{Event: "push", Ref: "refs/heads/main", Files: []string{"README.md"}}, false},
		{"paths unknown files", "{push: {paths: ['**.js']}}", Trigger{Event: "push", Ref: "refs/heads/main"}, true},
		{"paths not evaluated for tags", "{push: {paths: ['**.js']}}", Trigger{Event: "push", Ref: "refs/tags/v1", Files: []string{"README.md"}}, true},
		{"paths-ignore all ignored", "{push: {paths-ignore: ['docs/**']}}", Trigger{Event: "push", Ref: "refs/heads/main", Files: []string{"docs/a.md"}}, false},
		{"paths-ignore some not", "{push: {paths-ignore: ['docs/**']}}", Trigger{Event: "push", Ref: "refs/heads/main", Files: []string{"docs/a.md", "main.go"}}, true},
		{"pull_request default types: opened", "pull_request", Trigger{Event: "pull_request", Ref: "refs/heads/main", Action: "opened"}, true},
		{"pull_request default types: closed", "pull_request", Trigger{Event: "pull_request", Ref: "refs/heads/main", Action: "closed"}, false},
		{"pull_request types given", "{pull_request: {types: [closed]}}", Trigger{Event: "pull_request", Ref: "refs/heads/main", Action: "closed"}, true},
		{"pull_request base branch", "{pull_request: {branches: [main]}}", Trigger{Event: "pull_request", Ref: "refs/heads/main", Action: "opened"}, true},
		{"pull_request other base", "{pull_request: {branches: [main]}}", Trigger{Event: "pull_request", Ref: "refs/heads/dev", Action: "opened"}, false},
		{"release types", "{release: {types: [published]}}", Trigger{Event: "release", Ref: "refs/tags/v1", Action: "published"}, true},
		{"release other type", "{release: {types: [published]}}", Trigger{Event: "release", Ref: "refs/tags/v1", Action: "created"}, false},
		{"release any type", "release", Trigger{Event: "release", Ref: "refs/tags/v1", Action: "created"}, true},
		{"workflow_dispatch", "workflow_dispatch", Trigger{Event: "workflow_dispatch", Ref: "refs/heads/main"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.what, func(t *testing.T) {
			src := "on: " + tt.on + "\njobs:\n  a:\n    runs-on: x\n    steps: [{run: a}]\n"
			w, errs := Parse("w.yml", []byte(src))
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			got, why := w.Match(tt.t)
			if got != tt.want {
				t.Errorf("Match = %v (%s), want %v", got, why, tt.want)
			}
			if !got && why == "" {
				t.Error("a workflow that does not run must say why")
			}
		})
	}
}
