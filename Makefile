# make test is the one test command (README, .ci/run). It vets, then runs
# every test with the race detector. Tests that touch the database run on
# SQLite and on PostgreSQL, whose subtests skip unless TEBDG_TEST_POSTGRES
# holds a URL; browser tests run when Chromium is found (TEBDG_CHROMIUM or
# /usr/bin/chromium). Under CI=true both must be there.
GO ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)

.PHONY: build test vet lint bench fuzz clean

build:
	$(GO) build -trimpath -ldflags "-s -w -X main.version=$(VERSION)" -o bin/tebdg ./cmd/tebdg

vet:
	$(GO) vet ./...

test: vet
	$(GO) test -race -count=1 -timeout 30m ./...

lint:
	$(GO) run github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.15.0 run ./...

# Benchmarks measure and never fail the build; their figures go in
# docs/PERFORMANCE.md with the machine and the date.
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count=1 ./...

FUZZTIME ?= 30s
fuzz:
	@for pkg in $$($(GO) list ./internal/...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "$$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

clean:
	rm -rf bin data
