package attest

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestLoadOrCreateKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys", "attest.key")
	k1, err := LoadOrCreateKey(path)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("key mode %04o, want 0600", info.Mode().Perm())
	}
	if dir, _ := os.Stat(filepath.Dir(path)); dir.Mode().Perm() != 0o700 {
		t.Errorf("key directory mode %04o, want 0700", dir.Mode().Perm())
	}
	pub, err := os.ReadFile(path + ".pub")
	if err != nil || !bytes.Equal(pub, k1.PublicKeyPEM()) {
		t.Errorf("public key beside it: %v, %s", err, pub)
	}
	if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(k1.KeyID()) {
		t.Errorf("KeyID %q: want 32 hex digits", k1.KeyID())
	}
	before, _ := os.ReadFile(path)
	k2, err := LoadOrCreateKey(path)
	if err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(path)
	if k2.KeyID() != k1.KeyID() || !bytes.Equal(before, after) {
		t.Errorf("second load made a new key")
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 2 {
		t.Errorf("left %d files in the key directory, want the key and .pub", len(entries))
	}
	// A lost .pub is written again.
	os.Remove(path + ".pub")
	if _, err := LoadOrCreateKey(path); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + ".pub"); err != nil {
		t.Errorf(".pub not restored: %v", err)
	}
}

func TestLoadKeyRefusals(t *testing.T) {
	dir := t.TempDir()
	k, err := LoadOrCreateKey(filepath.Join(dir, "good.key"))
	if err != nil {
		t.Fatal(err)
	}
	open := filepath.Join(dir, "open.key")
	data, _ := os.ReadFile(filepath.Join(dir, "good.key"))
	if err := os.WriteFile(open, data, 0o644); err != nil {
		t.Fatal(err)
	}
	junk := filepath.Join(dir, "junk.key")
	os.WriteFile(junk, []byte("not a key"), 0o600)
	pubAsPriv := filepath.Join(dir, "pub.key")
	os.WriteFile(pubAsPriv, k.PublicKeyPEM(), 0o600)
	for path, want := range map[string]string{
		open:      "accessible to others (mode 0644)",
		junk:      "not a PEM PRIVATE KEY",
		pubAsPriv: "not a PEM PRIVATE KEY",
	} {
		_, err := LoadOrCreateKey(path)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", filepath.Base(path), err, want)
		}
	}
}
