// Package auth authenticates API requests: it verifies bearer JWTs and
// partner API keys and turns them into a [viewer.Viewer].
//
// # Tokens
//
// A [Verifier] checks compact JWS tokens with go-jose
// (github.com/go-jose/go-jose/v4), which parses them (refusing duplicate
// JSON members), verifies signatures, decodes JWKS keys and validates
// the registered claims; this package adds the policy around it:
// HS256 (HS384, HS512) with a configured secret for simple deployments,
// RS256 (RS384, RS512) and ES256 (ES384, ES512) against the keys of a
// JWKS document for real ones, fetched from a URL or discovered from an
// OpenID Connect issuer such as a Keycloak realm, cached, and refreshed
// when a token names an unknown key. See [Config] for what is checked.
// Algorithms come from an allow-list, "none" is never accepted, and each
// algorithm only ever uses its own kind of key, so a token cannot switch
// from RS256 to HS256 to be checked with a public key as HMAC secret.
// Key locations in token headers (jku, jwk, x5u, x5c) are never used.
// Fetching and caching the key set (its refresh on an unknown kid, rate
// limited, and its TTL, on the verifier's clock) is this package's.
//
// [ClaimNames] says which claims carry the role and the agency,
// employee and partner IDs; [Verifier.Viewer] maps them to a viewer.
// [Mint] makes HS256 tokens for development.
//
// # API keys
//
// Partner systems authenticate with API keys (package
// kembang/internal/auth/apikey) that act as the partner they belong to.
//
// # HTTP
//
// [Middleware] reads the credentials of each request, checks that the
// agency, employee and partner they name exist (through a cached
// [ScopeLookup], see [Options.Scopes]), puts the viewer in its context
// and answers 401 with a GraphQL-shaped error when they are invalid. Refusals wrap one of the *[Error] sentinels, whose
// messages are safe to show to clients.
package auth
