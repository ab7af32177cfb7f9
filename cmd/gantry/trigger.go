package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gantry-ci/gantry/runner/serve"
)

const deletedSHA = "0000000000000000000000000000000000000000"

// trigger reads a post-receive hook's "old new ref" lines and asks the
// daemon to run each updated ref; deleted refs run nothing.
func (c *Command) trigger(args []string) int {
	fs := c.newFlags("trigger")
	server := fs.String("server", "http://"+serve.DefaultListen, "the daemon's `URL`")
	token := fs.String("token", os.Getenv("GANTRY_TOKEN"), "the API `TOKEN`, when the daemon needs one (default $GANTRY_TOKEN)")
	repo := fs.String("repo", "", "the repository `PATH` (default: $GIT_DIR, else the current directory)")
	rest, code, ok := c.parse(fs, "trigger", args)
	if !ok {
		return code
	}
	if len(rest) > 0 {
		fmt.Fprintf(c.Stderr, "gantry trigger: unexpected argument %q\n", rest[0])
		return ExitUsage
	}
	path, err := filepath.Abs(firstSet(*repo, os.Getenv("GIT_DIR"), "."))
	if err != nil {
		fmt.Fprintf(c.Stderr, "gantry trigger: %v\n", err)
		return ExitFailure
	}
	client := &http.Client{Timeout: 10 * time.Second}
	exit := ExitOK
	sc := bufio.NewScanner(c.Stdin)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) != 3 || fields[1] == deletedSHA {
			continue
		}
		push := map[string]string{"repository": path, "before": fields[0], "after": fields[1], "ref": fields[2]}
		id, err := postTrigger(context.Background(), client, strings.TrimRight(*server, "/"), *token, push)
		if err != nil {
			fmt.Fprintf(c.Stderr, "gantry trigger: %s: %v\n", fields[2], err)
			exit = ExitFailure
			continue
		}
		fmt.Fprintf(c.Stdout, "gantry: %s queued as run %d\n", fields[2], id)
	}
	return exit
}

func postTrigger(ctx context.Context, client *http.Client, server, token string, push map[string]string) (int64, error) {
	body, err := json.Marshal(push)
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, server+"/api/trigger", bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var reply struct {
		RunID int64  `json:"run_id"`
		Error string `json:"error"`
	}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	_ = json.Unmarshal(data, &reply)
	if resp.StatusCode != http.StatusAccepted {
		return 0, fmt.Errorf("the daemon answered %s: %s", resp.Status, reply.Error)
	}
	return reply.RunID, nil
}

func firstSet(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
