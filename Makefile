# payconform: see README.md. Every target but test works on a fresh clone with only Go installed;
# test checks what else it needs first (scripts/test-deps.sh), and installs the npm package it pins.
#
# make reports any failing command as its own exit status 2: where the status matters (a CI step
# that tells "a MUST failed" (1) from "the target could not be asked" (3)), run bin/payconform
# itself, as the workflows do.
SHELL := /bin/bash

TARGET  ?= mock
ADDR    ?= 127.0.0.1:8080
REPORTS ?= reports

# testcontainers-go on these machines: no reaper image can be pulled, and /.dockerenv would make
# testcontainers aim at the default gateway instead of loopback (docs/design.md, Docker on these machines).
export TESTCONTAINERS_RYUK_DISABLED := true
export TESTCONTAINERS_HOST_OVERRIDE := 127.0.0.1

.PHONY: test test-deps test-target certify payconform candidates mock image runner-image clean-docker lint bench fuzz requirements release-check mutate redteam

## test: everything the project tests: lint, unit tests with the race detector, the suites
## against the in-process mock, the mutant runs, the openssl recomputation of the vectors.
test: test-deps lint
	PAYCONFORM_TARGET=mock SUITES= go test -race -count=1 -timeout 30m ./...

## test-deps: check the tools make test needs beyond Go (one line naming what is missing), and
## install the adapter's pinned npm package.
test-deps:
	@scripts/test-deps.sh

## test-target: run the conformance suites against TARGET (mock|container|sandbox|custom); write REPORTS.
##   SUITES=iyzico,paynet narrows the run; LABEL_FILTER='auth' selects checks by label.
##   make turns every failure into status 2: use bin/payconform test where the status matters.
test-target: payconform
	bin/payconform test --target $(TARGET) --reports $(REPORTS)

## certify: certify a client under test: make certify CANDIDATE='python3 my_adapter.py'.
##   CANDIDATE reaches payconform as data (PAYCONFORM_CANDIDATE), never through make's shell; a
##   shell reads it only inside the adapter's sandbox.
##   make expands a variable it exports, and exports every variable given on its command line:
##   CANDIDATE (and CANDIDATE_CMD, which an older Makefile used) are never exported, and
##   PAYCONFORM_CANDIDATE is CANDIDATE's text, read once with $(value) into a simple variable
##   (redteam/18-make-injection.sh: $(shell ...), $(file ...), ${shell ...}).
unexport CANDIDATE CANDIDATE_CMD
certify: payconform
	@bin/payconform certify
certify: export PAYCONFORM_CANDIDATE := $(value CANDIDATE)

## redteam: the red team's 38 attack scripts against certify (redteam/run.sh; as root, about 40
##   minutes; logs in /tmp/rt-run/logs). Prints PASS or BROKEN per attack.
redteam:
	redteam/run.sh

## payconform: build the command line into bin/ (fast when nothing changed).
payconform:
	@go build -o bin/payconform ./cmd/payconform

## candidates: build the reference candidate and the mutant candidates into bin/.
candidates:
	go build -o bin/candidate-reference ./candidates/reference
	go build -o bin/candidate-mutants ./candidates/mutants

## mock: serve the mock on ADDR for manual use; prints generated credentials.
mock:
	go run ./cmd/payconform mock -addr $(ADDR)

## image: build the mock's container image, unless one with the same inputs exists.
image:
	go run ./cmd/payconform image

## runner-image: build payconform:local, the command line and the compiled suites on an empty base.
runner-image: payconform
	bin/payconform image -runner

## clean-docker: remove leftover payconform containers and every payconform-mock image.
clean-docker:
	-docker ps -aq --filter label=dev.payconform.mock=true | xargs -r docker rm -f
	-docker images -q payconform-mock | sort -u | xargs -r docker rmi -f
	-docker rmi -f payconform:local

## lint: gofmt, go vet and actionlint (the workflows) must be clean.
lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	go vet ./...
	go tool actionlint

## bench: the mock's throughput benchmarks (see README, Performance).
bench:
	go test -run '^$$' -bench . -benchmem ./providers/mocks/

## fuzz: every fuzz target (internal/fuzzsmoke lists them) for FUZZTIME each (make test runs 3000 executions of each).
FUZZTIME ?= 30s
fuzz:
	FUZZTIME=$(FUZZTIME) go test -count=1 -v -timeout 0 -run TestFuzzTargets ./internal/fuzzsmoke/

## release-check: check the release configuration (.goreleaser.yaml), as CI does.
release-check:
	go run github.com/goreleaser/goreleaser/v2@v2.15.1 check

## mutate: mutation testing of the judging packages with gremlins (go.mod pins it as a tool), each
##   package with its own tests, one at a time; long, so not part of make test (README, Mutation
##   testing). PACKAGES='harness/verdict harness/checks' narrows it; WORKERS, TIMEOUT_COEFFICIENT as
##   in scripts/mutate.sh.
mutate:
	scripts/mutate.sh $(PACKAGES)

## requirements: regenerate docs/requirements.md and docs/mutants.md from the catalogues.
requirements:
	go run ./cmd/payconform requirements > docs/requirements.md
	go run ./cmd/payconform requirements -mutants > docs/mutants.md
