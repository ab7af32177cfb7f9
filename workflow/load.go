package workflow

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Load reads the workflows at path: one file, or every .yml and .yaml file
// directly in a directory (GitHub reads no subdirectories). It returns what
// parsed, every problem in the files, and an error only when the files
// cannot be read at all.
func Load(path string) ([]*Workflow, Errors, error) {
	files, err := workflowFiles(path)
	if err != nil {
		return nil, nil, err
	}
	var (
		workflows []*Workflow
		errs      Errors
	)
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return nil, nil, fmt.Errorf("read workflow: %w", err)
		}
		w, werrs := Parse(f, src)
		workflows = append(workflows, w)
		errs = append(errs, werrs...)
	}
	return workflows, errs, nil
}

func workflowFiles(path string) ([]string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("workflows: %w", err)
	}
	if !info.IsDir() {
		return []string{path}, nil
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil, fmt.Errorf("workflows: %w", err)
	}
	var files []string
	for _, e := range entries {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if !e.IsDir() && (ext == ".yml" || ext == ".yaml") {
			files = append(files, filepath.Join(path, e.Name()))
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("workflows: no .yml or .yaml files in %s", path)
	}
	sort.Strings(files)
	return files, nil
}
