// Package operations serves persisted GraphQL documents: Apollo's
// automatic persisted queries (APQ) and the allow-list of production
// clients.
//
// APQ: a request whose extensions.persistedQuery.sha256Hash names a
// document the server knows may leave the query out. An unknown hash is
// answered with the error PersistedQueryNotFound (extensions.code
// PERSISTED_QUERY_NOT_FOUND), on which Apollo clients send the hash again
// with the query; the server checks the hash (a mismatch is
// BAD_USER_INPUT) and keeps the document in an in-memory LRU cache
// (gqlgen's extension.AutomaticPersistedQuery). Registered documents
// (the persisted_operations table, see [Register]) are known to every
// replica without a first round trip.
//
// Allow-list: with [Config.AllowList], the server runs only registered
// documents, sent by hash or in full; any other is refused before it is
// parsed with the error [CodeNotAllowed] (HTTP 200, as other GraphQL
// errors).
package operations

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"kembang/ent"
	"kembang/ent/persistedoperation"
	"kembang/internal/access"
	"kembang/internal/fault"
)

// Error codes of this package, in extensions.code.
const (
	// CodeNotFound is the code of a hash-only request for a document the
	// server does not know, as Apollo clients expect it.
	CodeNotFound = "PERSISTED_QUERY_NOT_FOUND"
	// CodeNotAllowed is the code of a document refused by the allow-list.
	CodeNotAllowed = "OPERATION_NOT_ALLOWED"
)

// Config configures [New].
type Config struct {
	// AllowList refuses every document that is not registered.
	AllowList bool
	// CacheSize is the number of APQ documents kept in memory, and of
	// allowed hashes remembered. Default 1000.
	CacheSize int
}

// Extension is the gqlgen handler extension of [New].
type Extension struct {
	client  *ent.Client
	apq     extension.AutomaticPersistedQuery
	allowed *lru.LRU[bool] // hashes known to be registered
	cfg     Config
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = (*Extension)(nil)

// New returns the extension serving APQ and, with cfg.AllowList, the
// allow-list, reading registered documents through client.
func New(client *ent.Client, cfg Config) *Extension {
	if cfg.CacheSize <= 0 {
		cfg.CacheSize = 1000
	}
	return &Extension{
		client:  client,
		apq:     extension.AutomaticPersistedQuery{Cache: lru.New[string](cfg.CacheSize)},
		allowed: lru.New[bool](cfg.CacheSize),
		cfg:     cfg,
	}
}

// ExtensionName implements graphql.HandlerExtension.
func (*Extension) ExtensionName() string { return "PersistedOperations" }

// Validate implements graphql.HandlerExtension.
func (e *Extension) Validate(s graphql.ExecutableSchema) error { return e.apq.Validate(s) }

// Hash returns the lower-case hex SHA-256 of a document, as APQ clients
// compute it.
func Hash(document string) string {
	sum := sha256.Sum256([]byte(document))
	return hex.EncodeToString(sum[:])
}

// MutateOperationParameters implements graphql.OperationParameterMutator:
// it fills in the query of a hash-only request, checks the hash of a full
// one, and applies the allow-list.
func (e *Extension) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	if pq, ok := p.Extensions["persistedQuery"].(map[string]any); ok {
		hash, _ := pq["sha256Hash"].(string)
		if p.Query != "" && Hash(p.Query) != hash {
			return badInput("extensions.persistedQuery.sha256Hash: the hash is not the SHA-256 of the query / hash tidak cocok dengan query")
		}
		if p.Query == "" && hash != "" {
			if _, ok := e.apq.Cache.Get(ctx, hash); !ok {
				doc, err := e.registered(ctx, hash)
				if err != nil {
					return internal(err)
				}
				p.Query = doc // empty when unknown: APQ answers not found
			}
		}
		if err := e.apq.MutateOperationParameters(ctx, p); err != nil {
			if err.Extensions["code"] == nil {
				return badInput("extensions.persistedQuery: " + err.Message)
			}
			return err
		}
	}
	if !e.cfg.AllowList || p.Query == "" {
		return nil // an empty query is refused by the executor
	}
	hash := Hash(p.Query)
	if _, ok := e.allowed.Get(ctx, hash); ok {
		return nil
	}
	doc, err := e.registered(ctx, hash)
	if err != nil {
		return internal(err)
	}
	if doc == "" {
		f := fault.Newf(CodeNotAllowed, "", "this operation is not on the server's allow-list")
		return &gqlerror.Error{
			Message:    f.Msg,
			Extensions: map[string]any{"code": CodeNotAllowed},
			Err:        f, // the presenter renders it in the client's language
		}
	}
	e.allowed.Add(ctx, hash, true)
	return nil
}

// registered returns the registered document of hash, or "" if there is
// none. Reading the allow-list is the server's own work, not a read for
// the client: it runs with the server's rights (the table is not in the
// GraphQL API).
func (e *Extension) registered(ctx context.Context, hash string) (string, error) {
	if e.client == nil {
		return "", nil
	}
	op, err := e.client.PersistedOperation.Query().
		Where(persistedoperation.Hash(hash)).
		Only(access.System(ctx))
	if ent.IsNotFound(err) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("reading the persisted operation %s: %w", hash, err)
	}
	return op.Document, nil
}

// badInput is a BAD_USER_INPUT error with msg.
func badInput(msg string) *gqlerror.Error {
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": string(fault.BadInput)}}
}

// internal is the error of a failed lookup: its cause goes to the error
// presenter, which logs and masks it.
func internal(err error) *gqlerror.Error {
	return gqlerror.WrapPath(nil, err)
}
