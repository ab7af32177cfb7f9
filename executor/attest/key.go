// Package attest makes build provenance the way actions/attest-build-provenance
// does (an in-toto statement with a SLSA v1 predicate, in a DSSE envelope, in
// a Sigstore-bundle-shaped JSON), signed with the installation's own ed25519
// key because Fulcio, Rekor and GitHub's timestamp authority are not reachable
// offline. It also attaches bundles to images as OCI referrers and finds them.
package attest

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// Key is the installation's signing key.
type Key struct {
	priv ed25519.PrivateKey
	pub  ed25519.PublicKey
	der  []byte // PKIX DER of pub
	id   string
}

// LoadOrCreateKey reads the PKCS#8 PEM private key at path, creating it
// (mode 0600, directory 0700) on first use, and writes the public key
// beside it as path+".pub" so that it can be handed to verifiers.
func LoadOrCreateKey(path string) (*Key, error) {
	k, err := loadKey(path)
	if errors.Is(err, fs.ErrNotExist) {
		k, err = createKey(path)
	}
	if err != nil {
		return nil, err
	}
	if err := writePublic(path+".pub", k); err != nil {
		return nil, err
	}
	return k, nil
}

func loadKey(path string) (*Key, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	// As ssh does: a private key others can read is not private any more.
	if runtime.GOOS != "windows" && info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("signing key %s is accessible to others (mode %04o); chmod 600 it", path, info.Mode().Perm())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "PRIVATE KEY" {
		return nil, fmt.Errorf("signing key %s: not a PEM PRIVATE KEY", path)
	}
	parsed, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("signing key %s: %w", path, err)
	}
	priv, ok := parsed.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("signing key %s: %T, want an ed25519 key", path, parsed)
	}
	return newKey(priv)
}

// createKey writes a new key to a temporary file and links it into place,
// so that two gantry processes starting at once agree on one key: the
// loser of the link race loads the winner's.
func createKey(path string) (*Key, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".gantry-key-*")
	if err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	defer os.Remove(tmp.Name())
	werr := pem.Encode(tmp, &pem.Block{Type: "PRIVATE KEY", Bytes: der})
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return nil, fmt.Errorf("signing key: writing %s: %w", tmp.Name(), werr)
	}
	if err := os.Link(tmp.Name(), path); errors.Is(err, fs.ErrExist) {
		return loadKey(path)
	} else if err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	return newKey(priv)
}

func writePublic(path string, k *Key) error {
	want := k.PublicKeyPEM()
	if have, err := os.ReadFile(path); err == nil && string(have) == string(want) {
		return nil
	}
	if err := os.WriteFile(path, want, 0o644); err != nil {
		return fmt.Errorf("signing key: public key: %w", err)
	}
	return nil
}

func newKey(priv ed25519.PrivateKey) (*Key, error) {
	pub := priv.Public().(ed25519.PublicKey)
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	return &Key{priv: priv, pub: pub, der: der, id: keyID(der)}, nil
}

// keyID is the hex of the first 16 bytes of the sha256 of the public key's
// PKIX DER: short enough to show, long enough not to collide.
func keyID(der []byte) string {
	sum := sha256.Sum256(der)
	return hex.EncodeToString(sum[:16])
}

// KeyID identifies the key; bundles name it as their public key hint.
func (k *Key) KeyID() string { return k.id }

// PublicKeyPEM is the public key as a PKIX "PUBLIC KEY" PEM block.
func (k *Key) PublicKeyPEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: k.der})
}

// parsePublicKey reads a PEM "PUBLIC KEY" (as PublicKeyPEM writes it) or
// its bare DER.
func parsePublicKey(data []byte) (ed25519.PublicKey, error) {
	der := data
	if block, _ := pem.Decode(data); block != nil {
		if block.Type != "PUBLIC KEY" {
			return nil, fmt.Errorf("public key: PEM block %q, want PUBLIC KEY", block.Type)
		}
		der = block.Bytes
	}
	parsed, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return nil, fmt.Errorf("public key: %w", err)
	}
	pub, ok := parsed.(ed25519.PublicKey)
	if !ok {
		return nil, fmt.Errorf("public key: %T, want ed25519", parsed)
	}
	return pub, nil
}

func pkixDER(pub ed25519.PublicKey) ([]byte, error) {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, fmt.Errorf("public key: %w", err)
	}
	return der, nil
}
