package mockserver

import (
	"crypto/subtle"
	"net/http"
	"strings"
)

// authenticate checks the Bearer key. A missing or malformed header is
// refused the way the live gateway does it (HTTP 401 with a JSON envelope);
// a well-formed but wrong key is a business error (HTTP 200, 80002).
func (s *Server) authenticate(header string) (response, bool) {
	scheme, token, ok := strings.Cut(header, " ")
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		r := failure(codeTokenIllegal)
		r.status = http.StatusUnauthorized
		return r, false
	}
	if subtle.ConstantTimeCompare([]byte(token), []byte(s.apiKey)) != 1 {
		return failure(codeTokenInvalid), false
	}
	return response{}, true
}
