// Package event synthesises the event of a workflow run from a local git
// repository: the github.event payload, as GitHub's webhooks shape it
// (octokit/webhooks payload schemas), and the ref and sha facts of the
// github context (GITHUB_REF, GITHUB_SHA, …), as GitHub's "Events that
// trigger workflows" defines them per event.
//
// Everything is read through the git CLI, so gantry sees the repository as
// the user's own git does. Where a local checkout cannot know what GitHub
// knows (user ids, the test merge commit of a pull request, whether a push
// was forced) the package picks the common case and says so in a comment.
package event
