# gantry — the two set-up commands are `make demo` and `make test`.

GO        ?= go
BIN       := bin/gantry
PKGS      := ./...
STATICCHECK := $(shell $(GO) env GOPATH)/bin/staticcheck

.PHONY: all build test vet lint bench fuzz demo clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/gantry

# The one test command: vet plus every test.
test: vet
	$(GO) test -count=1 $(PKGS)

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

# The demo: build gantry and show what it makes of a seed workflow.
demo: build
	@echo "== gantry validate (the seed workflows)"
	$(BIN) validate -W testdata/seeds
	@echo; echo "== gantry list push: the jobs a push would run, one row per matrix leg"
	$(BIN) list push -W testdata/seeds/1-npm-docker-pkg.yml
	@echo; echo "== gantry graph"
	$(BIN) graph -W testdata/seeds/1-npm-docker-pkg.yml
	@echo; echo "== gantry eval"
	$(BIN) eval "github.ref == 'refs/heads/main' && 'prod' || 'dev'"

clean:
	rm -rf bin
