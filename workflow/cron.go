package workflow

import (
	"fmt"
	"strconv"
	"strings"
)

// cronField is the range and names of one field of a POSIX cron line.
type cronField struct {
	name     string
	min, max int
	names    []string // names[i] stands for min+i
}

var cronFields = [5]cronField{
	{name: "minute", min: 0, max: 59},
	{name: "hour", min: 0, max: 23},
	{name: "day of month", min: 1, max: 31},
	{name: "month", min: 1, max: 12, names: []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}},
	{name: "day of week", min: 0, max: 6, names: []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}},
}

// checkCron validates a schedule in the POSIX syntax GitHub accepts: five
// fields of `*`, numbers, names, ranges, lists and steps. GitHub rejects the
// non-standard @daily forms, and so does this.
func checkCron(spec string) error {
	fields := strings.Fields(spec)
	if len(fields) != 5 {
		return fmt.Errorf("want 5 fields (minute hour day-of-month month day-of-week), got %d", len(fields))
	}
	for i, f := range fields {
		for _, item := range strings.Split(f, ",") {
			if err := cronFields[i].check(item); err != nil {
				return fmt.Errorf("%s field %q: %v", cronFields[i].name, f, err)
			}
		}
	}
	return nil
}

func (cf cronField) check(item string) error {
	rng, step, hasStep := strings.Cut(item, "/")
	if hasStep {
		n, err := strconv.Atoi(step)
		if err != nil || n < 1 || n > cf.max {
			return fmt.Errorf("step %q must be a number from 1 to %d", step, cf.max)
		}
	}
	if rng == "*" {
		return nil
	}
	lo, hi, isRange := strings.Cut(rng, "-")
	a, err := cf.value(lo)
	if err != nil {
		return err
	}
	if !isRange {
		return nil
	}
	b, err := cf.value(hi)
	if err != nil {
		return err
	}
	if a > b {
		return fmt.Errorf("range %s is backwards", rng)
	}
	return nil
}

func (cf cronField) value(s string) (int, error) {
	for i, name := range cf.names {
		if strings.EqualFold(s, name) {
			return cf.min + i, nil
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < cf.min || n > cf.max {
		return 0, fmt.Errorf("%q is not a value from %d to %d", s, cf.min, cf.max)
	}
	return n, nil
}
