package secrets

import (
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"strconv"
	"testing"
)

// pbkdf2Hash builds a stored hash the way PBKDF2UserAuthenticator.encode does.
func pbkdf2Hash(t testing.TB, pw string, rounds int) string {
	salt := make([]byte, 64)
	rand.Read(salt)
	dk, err := pbkdf2.Key(sha1.New, pw, salt, rounds, 64)
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(salt) + ":" + base64.StdEncoding.EncodeToString(dk) + ":" + strconv.Itoa(rounds)
}
