// Package webhook receives GitHub-format webhook deliveries: it checks
// their X-Hub-Signature-256 and turns the events gantry runs into
// Triggers.
package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
)

// Errors of Verify. Neither says anything about the secret.
var (
	ErrNoSignature  = errors.New("missing X-Hub-Signature-256")
	ErrBadSignature = errors.New("X-Hub-Signature-256 does not match the body")
)

// Sign returns the X-Hub-Signature-256 value GitHub sends for body.
func Sign(secret, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// Verify checks header (the X-Hub-Signature-256 value) against the HMAC
// of the raw body. The comparison is constant-time, so that response
// timing reveals nothing about the expected value.
func Verify(secret, body []byte, header string) error {
	if header == "" {
		return ErrNoSignature
	}
	hexSum, ok := strings.CutPrefix(header, "sha256=")
	if !ok {
		return ErrBadSignature
	}
	got, err := hex.DecodeString(hexSum)
	if err != nil {
		return ErrBadSignature
	}
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	if !hmac.Equal(got, mac.Sum(nil)) {
		return ErrBadSignature
	}
	return nil
}
