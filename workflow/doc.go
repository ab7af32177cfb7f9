// Package workflow reads GitHub Actions workflow files into a positioned
// model (every scalar keeps its file:line:col), reports every problem of a
// file at once, and builds the job graph and the plan an event runs.
//
// It knows nothing of running: it imports neither runner nor executor.
// Matrix expansion is in workflow/matrix, branch/tag/path filters in
// workflow/filter.
package workflow
