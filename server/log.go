package main

import (
	"io"
	"log/slog"

	"kembang/internal/httpapi"
)

// newLogger returns the logger of cfg's level and format, writing to w.
// Its records carry the request id of their context, if any.
func newLogger(cfg config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.logLevel}
	var h slog.Handler
	if cfg.logFormat == "json" {
		h = slog.NewJSONHandler(w, opts)
	} else {
		h = slog.NewTextHandler(w, opts)
	}
	return slog.New(httpapi.LogHandler(h))
}
