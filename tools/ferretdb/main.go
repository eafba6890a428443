// Command tutti-ferretdb runs FerretDB (a MongoDB wire-protocol server on SQLite) embedded in a
// program of our own. We build it from the Go module proxy instead of `go install`ing FerretDB's
// own command, because that command refuses to start unless it was built from a git checkout
// (it panics on a missing build/version/version.txt); the embeddable package has no such check.
// Telemetry is disabled by the embeddable package itself.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen-addr", "127.0.0.1:27017", "TCP address to listen on")
	sqliteURL := flag.String("sqlite-url", "file:data/", "SQLite URI of the data directory (must end with /)")
	idIndexes := flag.Bool("id-lookup-indexes", true, "index every collection for FerretDB's own lookups by _id (idindex.go); false only to measure the difference")
	explain := flag.Bool("explain-id-lookups", false, "print how SQLite answers a lookup by _id in each collection (one JSON line each) and exit")
	logLevel := flag.String("log-level", "error", "debug, info, warn or error")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintf(os.Stderr, "tutti-ferretdb: bad --log-level: %v\n", err)
		os.Exit(2)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	dir, err := sqliteDir(*sqliteURL)
	if err != nil {
		fmt.Fprintf(os.Stderr, "tutti-ferretdb: bad --sqlite-url: %v\n", err)
		os.Exit(2)
	}
	if *explain {
		plans, err := explainIDLookups(context.Background(), dir)
		if err != nil {
			fmt.Fprintf(os.Stderr, "tutti-ferretdb: %v\n", err)
			os.Exit(1)
		}
		out := json.NewEncoder(os.Stdout)
		for _, plan := range plans {
			_ = out.Encode(plan)
		}
		return
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: *sqliteURL,
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "tutti-ferretdb: %v\n", err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if *idIndexes {
		go newIDIndexKeeper(dir, logger).run(ctx, time.Second)
	}

	if err := f.Run(ctx); err != nil && ctx.Err() == nil {
		fmt.Fprintf(os.Stderr, "tutti-ferretdb: %v\n", err)
		os.Exit(1)
	}
}
