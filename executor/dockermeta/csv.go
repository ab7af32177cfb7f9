package dockermeta

import (
	"fmt"
	"strings"
)

// csvOpts selects the csv-parse options the action and its toolkit use.
// Both parse with relax_column_count and skip_empty_lines; the toolkit's
// list reader adds relax_quotes and a '#' comment that only counts at the
// start of a line (comment_no_infix).
type csvOpts struct {
	relaxQuotes bool
	comment     byte // 0 when comments are off
	noInfix     bool
}

// csvParser is the state of csv-parse's character loop, kept to the parts
// those options reach, so that quoting quirks (a stray quote kept by
// relax_quotes, a closing quote followed by text) come out as they do in
// the action rather than as Go's encoding/csv would have them.
type csvParser struct {
	opts       csvOpts
	in         string
	recDelim   string // discovered on first use: "\r\n", "\n" or "\r"
	records    [][]string
	record     []string
	field      strings.Builder
	quoting    bool
	wasQuoting bool
	commenting bool
	line       int
}

func parseCSV(in string, o csvOpts) ([][]string, error) {
	p := &csvParser{opts: o, in: in, line: 1}
	for i := 0; i < len(in); i++ {
		skip, err := p.step(i)
		if err != nil {
			return nil, err
		}
		i += skip
	}
	if p.quoting {
		return nil, fmt.Errorf("csv: quote not closed: the parsing is finished with an opening quote at line %d", p.line)
	}
	if p.wasQuoting || len(p.record) != 0 || p.field.Len() != 0 {
		p.endField()
		p.endRecord()
	}
	return p.records, nil
}

// step consumes the byte at i and returns how many more bytes it used.
func (p *csvParser) step(i int) (int, error) {
	c := p.in[i]
	if p.quoting {
		return p.quoted(i)
	}
	if c == '"' && !p.commenting {
		if p.field.Len() == 0 {
			p.quoting = true
			return 0, nil
		}
		// A quote inside an unquoted field is text only with relax_quotes.
		if !p.opts.relaxQuotes {
			return 0, fmt.Errorf("csv: invalid opening quote: a quote is found on field %d at line %d", len(p.record)+1, p.line)
		}
	}
	if n := p.recordDelimAt(i); n > 0 {
		p.line++
		emptyComment := p.commenting && !p.wasQuoting && len(p.record) == 0 && p.field.Len() == 0
		empty := !p.wasQuoting && len(p.record) == 0 && p.field.Len() == 0
		if !emptyComment && !empty {
			p.endField()
			p.endRecord()
		}
		p.commenting = false
		return n - 1, nil
	}
	if p.commenting {
		return 0, nil
	}
	if p.opts.comment != 0 && c == p.opts.comment && (!p.opts.noInfix || (len(p.record) == 0 && p.field.Len() == 0)) {
		p.commenting = true
		return 0, nil
	}
	if c == ',' {
		p.endField()
		return 0, nil
	}
	p.field.WriteByte(c)
	return 0, nil
}

// quoted handles a byte inside a quoted field, where "" is an escaped
// quote and a lone quote closes the field.
func (p *csvParser) quoted(i int) (int, error) {
	c := p.in[i]
	if c != '"' {
		if c == '\n' {
			p.line++
		}
		p.field.WriteByte(c)
		return 0, nil
	}
	next := i + 1
	if next < len(p.in) && p.in[next] == '"' {
		p.field.WriteByte('"')
		return 1, nil
	}
	p.quoting = false
	p.wasQuoting = true
	if next >= len(p.in) || p.in[next] == ',' || p.recordDelimAt(next) > 0 ||
		(p.opts.comment != 0 && p.in[next] == p.opts.comment) {
		return 0, nil
	}
	if !p.opts.relaxQuotes {
		return 0, fmt.Errorf("csv: invalid closing quote: got %q at line %d instead of delimiter, record delimiter or comment", p.in[next], p.line)
	}
	// relax_quotes keeps the field going with the opening quote restored
	// and the closing one kept as text.
	s := p.field.String()
	p.field.Reset()
	p.field.WriteString(`"` + s + `"`)
	return 0, nil
}

// recordDelimAt returns the length of the record delimiter at i, fixing
// the delimiter to the first of \r\n, \n or \r seen, as csv-parse does.
func (p *csvParser) recordDelimAt(i int) int {
	if p.recDelim != "" {
		if strings.HasPrefix(p.in[i:], p.recDelim) {
			return len(p.recDelim)
		}
		return 0
	}
	for _, d := range []string{"\r\n", "\n", "\r"} {
		if strings.HasPrefix(p.in[i:], d) {
			p.recDelim = d
			return len(d)
		}
	}
	return 0
}

func (p *csvParser) endField() {
	p.record = append(p.record, p.field.String())
	p.field.Reset()
	p.wasQuoting = false
}

func (p *csvParser) endRecord() {
	p.records = append(p.records, p.record)
	p.record = nil
}

// parseList reads a list input as docker/actions-toolkit's Util.getList
// with {ignoreComma: true, comment: '#', commentNoInfix: true}: one entry
// per CSV record, a record's fields joined back with commas (their quotes
// are gone by then), entries trimmed. Entries left empty by the trim are
// dropped here; the action would crash on them later ("fields is not
// iterable") and a blank line is more likely a slip than an intent.
func parseList(input string) ([]string, error) {
	if input == "" {
		return nil, nil
	}
	recs, err := parseCSV(input, csvOpts{relaxQuotes: true, comment: '#', noInfix: true})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, r := range recs {
		if e := jsTrim(strings.Join(r, ",")); e != "" {
			out = append(out, e)
		}
	}
	return out, nil
}

// parseFields splits one entry into its CSV fields as the action's own
// parse(s, {relaxColumnCount, skipEmptyLines})[0] does: strict quotes,
// first record only.
func parseFields(entry string) ([]string, error) {
	recs, err := parseCSV(entry, csvOpts{})
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, nil
	}
	return recs[0], nil
}
