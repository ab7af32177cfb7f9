// Package expr implements the ${{ }} expression language of GitHub Actions:
// parsing with GitHub's syntax rules, evaluation against contexts with the
// runner's semantics, and string interpolation.
//
// Expressions are parsed by this package's own lexer and parser (byte
// offsets in errors, hyphenated names, object filters, case-insensitive
// names), translated once to an expr-lang program
// (github.com/expr-lang/expr) and run on the expr-lang VM. GitHub's
// semantics are implemented by runtime functions the translated program
// calls: loose equality and ordering, && and || that short-circuit and
// return an operand (translated to let/conditional nodes), case-insensitive
// null-safe property access and object filters.
//
// Semantics follow the actions/runner implementation (DTExpressions2):
//
//   - Values are nil, bool, float64, string, []any and map[string]any;
//     int, int64, float32, []string and map[string]string are accepted and
//     converted. Object keys are looked up exactly, then ignoring case.
//   - Numbers are converted to strings like .NET's ToString("G15"): up to 15
//     significant digits (0.1+0.2 is '0.3'), no trailing zeros, fixed-point
//     for decimal exponents -4..14 and scientific otherwise ('1E+15',
//     '1E-05', '1.23456789012346E+15'); '-0', 'NaN', 'Infinity'.
//   - Inside expressions (format, join, and templates that mix text and
//     expressions) arrays and objects convert to 'Array' and 'Object', as on
//     GitHub; ToString (used for a template that is exactly one expression)
//     renders them as JSON instead.
//   - A[B] on an array converts B to a number (so a['1'] is a[1]); on an
//     object converts B to a string. Indexing a filter result (a.*) applies
//     the index to each element, dropping elements that lack the key.
//   - case() requires boolean predicates; a non-boolean one is an
//     evaluation error, as in the runner.
//   - toJSON writes object keys sorted (Go maps are unordered; GitHub keeps
//     insertion order).
package expr
