package workflow

// field is one string of the model with what it is, for checks that look at
// every value (expression syntax, say).
type field struct {
	s *String
	// cond is true for `if:` values, where ${{ }} is optional.
	cond bool
}

// fields lists every string value of w that may hold an expression. Keys,
// ids and event filters are left out: GitHub does not evaluate them.
func (w *Workflow) fields() []field {
	var fs []field
	add := func(ss ...*String) {
		for _, s := range ss {
			if s != nil {
				fs = append(fs, field{s: s})
			}
		}
	}
	addKV := func(kvs []*KeyValue) {
		for _, kv := range kvs {
			fs = append(fs, field{s: &kv.Value})
		}
	}
	addList := func(ss []String) {
		for i := range ss {
			fs = append(fs, field{s: &ss[i]})
		}
	}
	addContainer := func(c *Container) {
		if c == nil {
			return
		}
		add(&c.Image, c.Options)
		addKV(c.Credentials)
		addKV(c.Env)
		addList(c.Ports)
		addList(c.Volumes)
	}
	add(w.Name, w.RunName)
	addKV(w.Env)
	if w.Concurrency != nil {
		add(&w.Concurrency.Group, w.Concurrency.CancelInProgress)
	}
	for _, j := range w.Jobs {
		if j.If != nil {
			fs = append(fs, field{s: j.If, cond: true})
		}
		add(j.Name, j.TimeoutMinutes, j.ContinueOnError)
		if j.RunsOn != nil {
			addList(j.RunsOn.Labels)
			add(j.RunsOn.Group)
		}
		addKV(j.Env)
		addKV(j.Outputs)
		if j.Environment != nil {
			add(&j.Environment.Name, j.Environment.URL)
		}
		if j.Concurrency != nil {
			add(&j.Concurrency.Group, j.Concurrency.CancelInProgress)
		}
		if st := j.Strategy; st != nil {
			add(st.FailFast, st.MaxParallel)
			if m := st.Matrix; m != nil {
				add(m.Expr, m.IncludeExpr, m.ExcludeExpr)
				for _, a := range m.Axes {
					add(a.Expr)
				}
			}
		}
		addContainer(j.Container)
		for _, s := range j.Services {
			addContainer(&s.Container)
		}
		for _, s := range j.Steps {
			if s.If != nil {
				fs = append(fs, field{s: s.If, cond: true})
			}
			add(s.Name, s.Uses, s.Run, s.Shell, s.WorkingDirectory, s.ContinueOnError, s.TimeoutMinutes)
			addKV(s.With)
			addKV(s.Env)
		}
	}
	return fs
}
