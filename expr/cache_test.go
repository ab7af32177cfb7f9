package expr

import (
	"sync"
	"testing"
)

func TestCache(t *testing.T) {
	c := NewCache()
	p1, err := c.Compile("github.ref")
	if err != nil {
		t.Fatal(err)
	}
	p2, _ := c.Compile("github.ref")
	if p1 != p2 {
		t.Error("Compile not cached")
	}
	c1, _ := c.Condition("github.ref")
	if c1 == p1 || c1.Source() != "success() && (github.ref)" {
		t.Errorf("Condition shares the Compile entry: %q", c1.Source())
	}
	t1, _ := c.Template("x ${{ github.ref }}")
	t2, _ := c.Template("x ${{ github.ref }}")
	if t1 != t2 {
		t.Error("Template not cached")
	}
	_, e1 := c.Compile("bad ==")
	_, e2 := c.Compile("bad ==")
	if e1 == nil || e1 != e2 {
		t.Errorf("errors not cached: %v %v", e1, e2)
	}
	if n := c.Len(); n != 4 {
		t.Errorf("Len = %d, want 4", n)
	}
}

func TestCacheZeroValueAndConcurrency(t *testing.T) {
	var c Cache
	var wg sync.WaitGroup
	progs := make([]*Program, 16)
	for i := range progs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			p, err := c.Condition("always()")
			if err != nil {
				t.Error(err)
			}
			progs[i] = p
		}(i)
	}
	wg.Wait()
	for _, p := range progs {
		if p != progs[0] {
			t.Fatal("callers got different programs")
		}
	}
}
