// Package matrix expands a job's strategy.matrix into its legs the way
// GitHub does.
//
// The rules follow GitHub's documentation ("Running variations of jobs in a
// workflow" and "Workflow syntax: jobs.<job_id>.strategy.matrix") and, where
// the documentation is silent, the server's own MatrixBuilder, which
// actions/runner now carries in src/Sdk/WorkflowParser/Conversion:
//
//   - The cross product of the axes is built in the order written, the first
//     axis varying slowest.
//   - Each exclude entry removes every product combination it matches. All
//     exclude keys must be axes.
//   - Each include entry is split into filter keys (those that are axes) and
//     extra keys (the rest). Its extra values are merged into every product
//     combination that survived exclude and matches its filter; a later
//     include overwrites an extra value an earlier one set, but never an axis
//     value. An include that matches no surviving combination is appended as
//     a leg of its own, so include can add back what exclude removed.
//   - Matching, for include and exclude alike, compiles the entry into one
//     comparison `matrix.<path> == <literal>` per scalar leaf and needs all of
//     them to hold. Objects and arrays therefore match partially (an empty {}
//     or [] matches anything), and the comparison is the expression
//     language's loose ==: strings compare case-insensitively, '12' equals
//     12, and null equals the empty string and 0. Keys are case-insensitive,
//     as in every GitHub context.
//   - A matrix may produce at most MaxCombinations legs.
//
// Values are JSON-like: nil, bool, float64, string, []any and map[string]any;
// integer and float32 values are accepted and read as float64. Expand does
// not copy values, so legs share them with the Matrix and with each other;
// treat them as read-only.
package matrix
