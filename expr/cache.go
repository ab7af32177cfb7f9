package expr

import "sync"

// Cache compiles each distinct text once. A run owns one; it is safe for
// concurrent use (the zero value is ready to use too). Errors are cached.
type Cache struct {
	mu      sync.Mutex
	entries map[cacheKey]cacheEntry
}

type cacheKind uint8

const (
	cacheProgram cacheKind = iota
	cacheCondition
	cacheTemplate
)

type cacheKey struct {
	kind cacheKind
	text string
}

type cacheEntry struct {
	val any // *Program or *Template
	err error
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{entries: map[cacheKey]cacheEntry{}}
}

// Compile is a cached Compile.
func (c *Cache) Compile(src string) (*Program, error) {
	return cached(c, cacheKey{cacheProgram, src}, Compile)
}

// Condition is a cached CompileCondition.
func (c *Cache) Condition(src string) (*Program, error) {
	return cached(c, cacheKey{cacheCondition, src}, CompileCondition)
}

// Template is a cached ParseTemplate.
func (c *Cache) Template(s string) (*Template, error) {
	return cached(c, cacheKey{cacheTemplate, s}, ParseTemplate)
}

// Len returns the number of cached texts.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// cached looks key up, compiling on a miss outside the lock. Two goroutines
// may compile the same text concurrently; the first result stored wins, so
// all callers share one value.
func cached[T any](c *Cache, key cacheKey, build func(string) (T, error)) (T, error) {
	if e, ok := c.lookup(key); ok {
		v, _ := e.val.(T)
		return v, e.err
	}
	v, err := build(key.text)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[cacheKey]cacheEntry{}
	}
	if e, ok := c.entries[key]; ok {
		v, _ := e.val.(T)
		return v, e.err
	}
	c.entries[key] = cacheEntry{val: v, err: err}
	return v, err
}

func (c *Cache) lookup(key cacheKey) (cacheEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	return e, ok
}
