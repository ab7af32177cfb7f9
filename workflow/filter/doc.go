// Package filter implements the glob patterns GitHub Actions uses in the
// branch, tag and path filters of a workflow's `on:` section
// (`branches`, `branches-ignore`, `tags`, `tags-ignore`, `paths`,
// `paths-ignore`), as described in "Workflow syntax for GitHub Actions",
// section "Filter pattern cheat sheet".
//
// Pattern syntax:
//
//	"*"      zero or more characters except '/'
//	"**"     zero or more of any character, '/' included
//	"?"      zero or one of the preceding character
//	"+"      one or more of the preceding character
//	"[...]"  one character listed, or within a range such as 0-9, a-z, A-Z
//	"!"      at the very start only: the pattern is negated
//	"\c"     the character c taken literally
//
// A pattern always matches the whole value. Branch and tag patterns are
// matched against the short ref name ("main", "releases/10", "v1.2.3"), never
// against "refs/heads/..."; path patterns against repository-relative paths.
//
// Behaviour the documentation leaves open, and what this package does:
//
//   - "**/" at the start of a pattern or right after a '/' also matches no
//     directory at all, because the cheat sheet lists README.md as a match
//     of '**/README.md' and docs/README.md as a match of 'docs/**/*.md'.
//     Elsewhere ** is just "any characters".
//   - Three or more '*' in a row mean the same as "**".
//   - '?' or '+' with no preceding character to repeat (at the start, or
//     after '*', '?' or '+') is an error, as on GitHub.
//   - Inside [...], ranges must stay within 0-9, a-z or A-Z (as the cheat
//     sheet says); single listed characters may be anything, so that names
//     such as 'v1[._-]x' keep working. '\' escapes inside brackets too.
//   - '\' escapes any character, special or not; a trailing '\' is an error.
//   - '!' in an ignore list is not rejected: every list, ignore lists
//     included, is evaluated in order and the last matching pattern decides.
//
// Matching is done by translating each pattern into an anchored RE2 regular
// expression (package regexp), which runs in time linear in the input, so
// no pattern can make matching blow up exponentially.
package filter
