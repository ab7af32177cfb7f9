# gantry — the two set-up commands are `make demo` and `make test`.

GO        ?= go
BIN       := bin/gantry
PKGS      := ./...
STATICCHECK := $(shell $(GO) env GOPATH)/bin/staticcheck

.PHONY: all build test vet lint bench fuzz demo clean env env-down

all: build

build:
	$(GO) build -o $(BIN) ./cmd/gantry

# The one test command: vet plus every test, the end-to-end tests against a
# real Docker engine included (testdata/env/test.sh provisions the engine and
# the job image when missing, and stops an engine it started).
test: vet
	testdata/env/test.sh $(GO) test -count=1 $(PKGS)

# The Docker engine and job image the end-to-end tests and the demo use.
env:
	testdata/env/engine.sh up
	testdata/env/images.sh

env-down:
	testdata/env/engine.sh down

vet:
	$(GO) vet $(PKGS)

$(STATICCHECK):
	$(GO) install honnef.co/go/tools/cmd/staticcheck@v0.8.2

lint: vet $(STATICCHECK)
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(STATICCHECK) $(PKGS)

bench:
	$(GO) test -run='^$$' -bench=. -benchmem $(PKGS)

# Each parser's fuzz target for a short while; FUZZTIME=5m for a longer look.
FUZZTIME ?= 30s
fuzz:
	$(GO) test -run='^$$' -fuzz='^FuzzParse$$' -fuzztime=$(FUZZTIME) ./workflow/
	$(GO) test -run='^$$' -fuzz='^FuzzParse$$' -fuzztime=$(FUZZTIME) ./expr/
	$(GO) test -run='^$$' -fuzz='^FuzzTemplate$$' -fuzztime=$(FUZZTIME) ./expr/
	$(GO) test -run='^$$' -fuzz='^FuzzCompile$$' -fuzztime=$(FUZZTIME) ./workflow/filter/
	$(GO) test -run='^$$' -fuzz='^FuzzExpand$$' -fuzztime=$(FUZZTIME) ./workflow/matrix/
	$(GO) test -run='^$$' -fuzz='^FuzzParseCommand$$' -fuzztime=$(FUZZTIME) ./runner/stepio/
	$(GO) test -run='^$$' -fuzz='^FuzzParseEnvFile$$' -fuzztime=$(FUZZTIME) ./runner/stepio/
	$(GO) test -run='^$$' -fuzz='^FuzzExtract$$' -fuzztime=$(FUZZTIME) ./executor/artifact/
	$(GO) test -run='^$$' -fuzz='^FuzzVerify$$' -fuzztime=$(FUZZTIME) ./executor/attest/
	$(GO) test -run='^$$' -fuzz='^FuzzProcessor$$' -fuzztime=$(FUZZTIME) ./runner/stepio/
	$(GO) test -run='^$$' -fuzz='^FuzzGenerate$$' -fuzztime=$(FUZZTIME) ./executor/dockermeta/
	$(GO) test -run='^$$' -fuzz='^FuzzParseChallenges$$' -fuzztime=$(FUZZTIME) ./executor/registry/

# The demo: build gantry, make sure of the engine and the job image, and run
# an example workflow end to end.
demo: build env
	testdata/demo/demo.sh $(BIN)

clean:
	rm -rf bin
