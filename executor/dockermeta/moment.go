package dockermeta

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// {{date}} and {{commit_date}} format with moment-timezone. momentTime is
// a moment after .tz(name): the instant in that zone, and whether the
// zone was known (moment-timezone leaves an unknown zone's moment in the
// runner's local time, UTC on GitHub, in "local" mode).
type momentTime struct {
	t     time.Time
	zoned bool
}

// momentTokens is moment's formattingTokens expression.
var momentTokens = regexp.MustCompile(`\[[^\[]*\]|\\?(?:[Hh]mm(?:ss)?|Mo|MM?M?M?|Do|DDDo|DD?D?D?|ddd?d?|do?|w[o|w]?|W[o|W]?|Qo?|N{1,5}|YYYYYY|YYYYY|YYYY|YY|y{2,4}|yo?|gg(?:ggg?)?|GG(?:GGG?)?|e|E|a|A|hh?|HH?|kk?|mm?|ss?|S{1,9}|x|X|zz?|ZZ?|.)`)

// inZone is moment(t).tz(name). ok is false for a zone moment-timezone
// has no data for; the moment then stays in local (UTC) mode.
func inZone(t time.Time, name string) (momentTime, bool) {
	t = t.Truncate(time.Millisecond) // JavaScript dates hold milliseconds
	if strings.EqualFold(name, "utc") {
		return momentTime{t.UTC(), true}, true
	}
	if name == "" || name == "Local" {
		return momentTime{t.UTC(), false}, false
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return momentTime{t.UTC(), false}, false
	}
	return momentTime{t.In(loc), true}, true
}

// format is moment's format(): with no format string, ISO 8601 with "Z"
// for a UTC-offset zoned moment and "+00:00" style otherwise.
func (m momentTime) format(f string) string {
	if f == "" {
		f = "YYYY-MM-DDTHH:mm:ssZ"
		if _, off := m.t.Zone(); m.zoned && off == 0 {
			f = "YYYY-MM-DDTHH:mm:ss[Z]"
		}
	}
	var b strings.Builder
	for _, tok := range momentTokens.FindAllString(f, -1) {
		if s, ok := m.token(tok); ok {
			b.WriteString(s)
		} else if strings.HasPrefix(tok, "[") && len(tok) > 1 {
			b.WriteString(strings.TrimSuffix(tok[1:], "]"))
		} else {
			b.WriteString(strings.ReplaceAll(tok, `\`, ""))
		}
	}
	return b.String()
}

func (m momentTime) token(tok string) (string, bool) {
	t := m.t
	if s, ok := m.dateToken(tok); ok {
		return s, true
	}
	h := t.Hour()
	switch tok {
	case "H", "HH":
		return zeroFill(h, len(tok)), true
	case "h", "hh":
		return zeroFill((h+11)%12+1, len(tok)), true
	case "k", "kk":
		return zeroFill((h+23)%24+1, len(tok)), true
	case "Hmm", "hmm":
		hh, _ := m.token(tok[:1])
		return hh + zeroFill(t.Minute(), 2), true
	case "Hmmss", "hmmss":
		hh, _ := m.token(tok[:1])
		return hh + zeroFill(t.Minute(), 2) + zeroFill(t.Second(), 2), true
	case "m", "mm":
		return zeroFill(t.Minute(), len(tok)), true
	case "s", "ss":
		return zeroFill(t.Second(), len(tok)), true
	case "a":
		return pick(h < 12, "am", "pm"), true
	case "A":
		return pick(h < 12, "AM", "PM"), true
	case "x":
		return strconv.FormatInt(t.UnixMilli(), 10), true
	case "X":
		return strconv.FormatInt(t.Unix(), 10), true
	case "Z", "ZZ":
		_, off := t.Zone()
		return fmt.Sprintf("%s%02d%s%02d", pick(off >= 0, "+", "-"), abs(off)/3600, pick(tok == "Z", ":", ""), abs(off)%3600/60), true
	case "z", "zz":
		if !m.zoned {
			return "", true
		}
		name, _ := t.Zone()
		return name, true
	}
	if strings.Trim(tok, "S") == "" { // S to SSSSSSSSS: fraction digits
		ms := t.Nanosecond() / 1e6
		return (zeroFill(ms, 3) + "000000")[:len(tok)], true
	}
	return "", false
}

func (m momentTime) dateToken(tok string) (string, bool) {
	t := m.t
	switch tok {
	case "M", "MM":
		return zeroFill(int(t.Month()), len(tok)), true
	case "Mo":
		return ordinal(int(t.Month())), true
	case "MMM":
		return t.Month().String()[:3], true
	case "MMMM":
		return t.Month().String(), true
	case "D", "DD":
		return zeroFill(t.Day(), len(tok)), true
	case "Do":
		return ordinal(t.Day()), true
	case "DDD":
		return strconv.Itoa(t.YearDay()), true
	case "DDDD":
		return zeroFill(t.YearDay(), 3), true
	case "DDDo":
		return ordinal(t.YearDay()), true
	case "d", "e":
		return strconv.Itoa(int(t.Weekday())), true
	case "do":
		return ordinal(int(t.Weekday())), true
	case "dd", "ddd":
		return t.Weekday().String()[:len(tok)], true
	case "dddd":
		return t.Weekday().String(), true
	case "E":
		return strconv.Itoa((int(t.Weekday())+6)%7 + 1), true
	case "Q":
		return strconv.Itoa((int(t.Month()) + 2) / 3), true
	case "Qo":
		return ordinal((int(t.Month()) + 2) / 3), true
	}
	if s, ok := yearToken(t.Year(), tok); ok {
		return s, true
	}
	return weekToken(t, tok)
}

// yearToken covers the year and era tokens (AD years only).
func yearToken(y int, tok string) (string, bool) {
	switch tok {
	case "Y":
		if y > 9999 {
			return "+" + strconv.Itoa(y), true
		}
		return zeroFill(y, 4), true
	case "YY":
		return zeroFill(((y%100)+100)%100, 2), true
	case "YYYY", "YYYYY", "y", "yy", "yyy", "yyyy":
		return zeroFill(y, len(tok)), true
	case "YYYYYY":
		return pick(y >= 0, "+", "") + zeroFill(y, 6), true
	case "yo":
		return ordinal(y), true
	case "N", "NN", "NNN", "NNNNN":
		return "AD", true
	case "NNNN":
		return "Anno Domini", true
	}
	return "", false
}

// weekToken covers the locale (en: weeks start on Sunday, the week with
// January 1st is the first) and ISO week numbers and week years.
func weekToken(t time.Time, tok string) (string, bool) {
	lw, ly := weekOfYear(t, 0, 6)
	iw, iy := weekOfYear(t, 1, 4)
	switch tok {
	case "w", "ww":
		return zeroFill(lw, len(tok)), true
	case "wo":
		return ordinal(lw), true
	case "W", "WW":
		return zeroFill(iw, len(tok)), true
	case "Wo":
		return ordinal(iw), true
	case "gg":
		return zeroFill(ly%100, 2), true
	case "gggg", "ggggg":
		return zeroFill(ly, len(tok)), true
	case "GG":
		return zeroFill(iy%100, 2), true
	case "GGGG", "GGGGG":
		return zeroFill(iy, len(tok)), true
	}
	return "", false
}

// weekOfYear is moment's weekOfYear for a locale's first day of week
// (dow) and the day of January that is always in week 1 (7+dow-doy).
func weekOfYear(t time.Time, dow, doy int) (week, year int) {
	y := t.Year()
	off := firstWeekOffset(y, dow, doy)
	week = floorDiv(t.YearDay()-off-1, 7) + 1
	switch {
	case week < 1:
		return week + weeksInYear(y-1, dow, doy), y - 1
	case week > weeksInYear(y, dow, doy):
		return week - weeksInYear(y, dow, doy), y + 1
	}
	return week, y
}

func firstWeekOffset(year, dow, doy int) int {
	fwd := 7 + dow - doy
	wd := int(time.Date(year, time.January, fwd, 0, 0, 0, 0, time.UTC).Weekday())
	return -((7 + wd - dow) % 7) + fwd - 1
}

func weeksInYear(year, dow, doy int) int {
	days := time.Date(year, time.December, 31, 0, 0, 0, 0, time.UTC).YearDay()
	return (days - firstWeekOffset(year, dow, doy) + firstWeekOffset(year+1, dow, doy)) / 7
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func pick(cond bool, yes, no string) string {
	if cond {
		return yes
	}
	return no
}

// zeroFill is moment's zeroFill: pad |n| to width, keeping a minus sign.
func zeroFill(n, width int) string {
	s := strconv.Itoa(abs(n))
	if len(s) < width {
		s = strings.Repeat("0", width-len(s)) + s
	}
	if n < 0 {
		return "-" + s
	}
	return s
}

// ordinal is the English locale's ordinal: 1st, 2nd, 3rd, 11th, 22nd.
func ordinal(n int) string {
	suffix := "th"
	if (n%100)/10 != 1 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix
}
