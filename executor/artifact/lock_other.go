//go:build !unix

package artifact

import "os"

// lockFile is a no-op where flock(2) is missing: the in-process mutex still
// serialises one gantry's jobs, only two processes sharing a store race.
func lockFile(*os.File) error { return nil }
