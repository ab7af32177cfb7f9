package stepio

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Masker replaces registered secrets with "***", as the runner's SecretMasker
// (src/Sdk/DTLogging/Logging/SecretMasker.cs) does. It is safe for concurrent
// use: a run's jobs share one. Mask never blocks; Add copies the secret list.
type Masker struct {
	mu      sync.Mutex               // serialises Add
	secrets atomic.Pointer[[]string] // immutable snapshot read by Mask
	seen    map[string]struct{}      // every value in *secrets, guarded by mu
}

// NewMasker returns an empty Masker.
func NewMasker() *Masker {
	return &Masker{seen: make(map[string]struct{})}
}

// Add registers a secret the way the worker registers job secrets
// (Worker.cs): the value is trimmed of white space and added, then each of
// its lines (split on CR and LF, trimmed) is added too, because the runner
// masks output line by line and a multi-line secret never appears whole in
// one line. Empty and white-space-only values are ignored. The runner has no
// minimum length: a one-character secret masks that character everywhere.
// Each value is also added in every encoding the runner registers (see
// variations).
func (m *Masker) Add(secret string) {
	m.addWithLines(strings.TrimSpace(secret))
}

// addMask is ::add-mask:: (AddMaskCommandExtension, actions/runner#1521):
// the value as given (not trimmed), then each trimmed line.
func (m *Masker) addMask(value string) {
	m.addWithLines(value)
}

func (m *Masker) addWithLines(value string) {
	values := []string{value}
	if strings.ContainsAny(value, "\r\n") {
		for _, line := range strings.FieldsFunc(value, isCRLF) {
			values = append(values, strings.TrimSpace(line))
		}
	}
	m.add(values)
}

func isCRLF(r rune) bool { return r == '\r' || r == '\n' }

func (m *Masker) add(values []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.seen == nil { // zero Masker
		m.seen = make(map[string]struct{})
	}
	var next []string
	if cur := m.secrets.Load(); cur != nil {
		next = slices.Clone(*cur)
	}
	grew := false
	for _, v := range values {
		if v == "" {
			continue
		}
		for _, s := range append([]string{v}, variations(v)...) {
			if _, dup := m.seen[s]; dup || s == "" {
				continue
			}
			m.seen[s] = struct{}{}
			next = append(next, s)
			grew = true
		}
	}
	if grew {
		m.secrets.Store(&next)
	}
}

// span is a byte range [start, end) of a line to replace.
type span struct{ start, end int }

// Mask returns line with every occurrence of every secret replaced by "***".
// Like the runner, it collects all matches (overlapping ones included), merges
// ranges that overlap or touch, and writes one "***" per merged range. Merging
// is what keeps overlapping secrets from leaking: replacing one secret first
// would destroy the text another secret matches, leaving part of it visible.
func (m *Masker) Mask(line string) string {
	if m == nil || line == "" {
		return line
	}
	cur := m.secrets.Load()
	if cur == nil {
		return line
	}
	var spans []span
	for _, s := range *cur {
		for i := 0; i+len(s) <= len(line); {
			j := strings.Index(line[i:], s)
			if j < 0 {
				break
			}
			spans = append(spans, span{i + j, i + j + len(s)})
			i += j + 1 // overlapping occurrences count too
		}
	}
	if len(spans) == 0 {
		return line
	}
	return replaceSpans(line, spans)
}

func replaceSpans(line string, spans []span) string {
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	var b strings.Builder
	b.Grow(len(line))
	last := 0
	cur := spans[0]
	for _, s := range spans[1:] {
		if s.start <= cur.end {
			cur.end = max(cur.end, s.end)
			continue
		}
		b.WriteString(line[last:cur.start])
		b.WriteString("***")
		last, cur = cur.end, s
	}
	b.WriteString(line[last:cur.start])
	b.WriteString("***")
	b.WriteString(line[cur.end:])
	return b.String()
}
