# The two commands: `make run` and `make test`. Each installs the Debian
# packages it needs (as root, or through sudo), configures with CMake and
# Ninja, and builds.

BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)

# Debian 12 packages the build and the tests need.
DEBIAN_PACKAGES := cmake ninja-build g++ pkg-config \
	qt6-base-dev qt6-base-dev-tools libssl-dev libsqlite3-dev sqlite3 \
	qt6-charts-dev libqt6opengl6-dev qt6-l10n-tools qt6-tools-dev qt6-tools-dev-tools \
	qt6-svg-dev qt6-translations-l10n fonts-dejavu-core \
	dpkg-dev file librsvg2-bin help2man desktop-file-utils appstream poppler-utils \
	clang-14 libclang-rt-14-dev lld ccache \
	libminiupnpc-dev libnatpmp-dev libavahi-client-dev libjemalloc-dev

# Debian packages only the benchmarks need (`make bench`): the etcd cluster
# the consensus benchmark compares with. Not installed by `make test`.
BENCH_PACKAGES := etcd-server
# Which benchmark `make bench` runs: apply, rules, open, consensus, sync, desktop or all.
BENCH ?= all

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Every build goes through ccache (installed above), with paths taken
# relative to the checkout, so that a fresh clone of a commit already built
# elsewhere on the machine (the CI's clone, say) compiles from the cache.
CCACHE_LAUNCHER = $(if $(shell command -v ccache),-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := true

.PHONY: all deps configure build test bench run cli-demo clean

all: build

# Installs only what is missing, so a second run does not touch apt.
deps:
	@missing=""; \
	for p in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

configure: deps
	@if [ ! -f $(BUILD_DIR)/build.ninja ]; then \
	  cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CCACHE_LAUNCHER); \
	fi

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	cd $(BUILD_DIR) && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j $(JOBS)
	$(MAKE) --no-print-directory test-hardening

# The benchmarks of docs/PERFORMANCE.md; each prints its figures and ratios.
bench: build
	@$(MAKE) --no-print-directory deps DEBIAN_PACKAGES="$(BENCH_PACKAGES)"
	$(BUILD_DIR)/bench/rateio-bench $(BENCH)

# The desktop application on the embedded default (first start: the assistant).
run: build
	$(BUILD_DIR)/app/desktop/rateio

# A dev group's scripted life through rateio-cli.
cli-demo: build
	RATEIO_CLI=$(BUILD_DIR)/app/rateio-cli bash app/cli/dev_group_life.sh

clean:
	rm -rf $(BUILD_DIR)

# --- Hardening (docs/HARDENING.md) ----------------------------------------------
# libFuzzer targets (clang, ASan + UBSan) in build-fuzz/, the whole test suite
# under ASan + UBSan in build-asan/, and the threaded tests under TSan in
# build-tsan/. `make test` runs all three after the normal build's tests.
FUZZ_BUILD_DIR ?= build-fuzz
ASAN_BUILD_DIR ?= build-asan
TSAN_BUILD_DIR ?= build-tsan
FUZZ_SECONDS ?= 600
FUZZ_TEST_SECONDS ?= 20
# The threaded tests: the node tests (the control socket's client thread, the
# ledger node's cross-thread queries, the nodes of a cluster) and the
# GUI-thread tests (models, gui), whose NodeClient keeps the node on a worker
# thread. Debian's Qt is not built with TSan, so NodeClient hands work between
# the threads through models/thread_handoff.h, which tells TSan the order Qt's
# event queue gives (docs/HARDENING.md). A ;-list (CMake's RATEIO_TEST_DIRS).
# tests/net and tests/integration run one thread per process.
TSAN_TEST_DIRS := node;models;gui
# test_crash checks durability across 220 SIGKILLs and restarts, not memory;
# each instrumented restart is several times slower, so it runs in the
# normal build only.
ASAN_SKIP_TESTS := ^test_crash$$
HARDEN_CMAKE = cmake -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CCACHE_LAUNCHER)
# Sanitizer runtime options: stop at the first report, with a stack.
SANITIZER_ENV := UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:suppressions=$(CURDIR)/tests/sanitizers/asan.supp \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitizers/lsan.supp \
	TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:suppressions=$(CURDIR)/tests/sanitizers/tsan.supp

.PHONY: fuzz-build fuzz fuzz-corpus test-fuzz test-asan test-tsan test-hardening

fuzz-build: deps
	@[ -f $(FUZZ_BUILD_DIR)/build.ninja ] || $(HARDEN_CMAKE) -S . -B $(FUZZ_BUILD_DIR) \
	  -DCMAKE_CXX_COMPILER=clang++-14 -DRATEIO_FUZZ=ON -DRATEIO_SANITIZE=address,undefined
	cmake --build $(FUZZ_BUILD_DIR) -j $(JOBS)

# Every target FUZZ_SECONDS long; prints executions and crashes per target.
fuzz: fuzz-build
	fuzz/run_fuzzers.sh $(FUZZ_BUILD_DIR) $(FUZZ_SECONDS)

# Regenerates the seed corpora in tests/fuzz_corpus/ from the project's encoders.
fuzz-corpus: fuzz-build
	$(FUZZ_BUILD_DIR)/fuzz/make_corpus tests/fuzz_corpus

# One target per core: the brief runs are a CI step.
test-fuzz: fuzz-build
	FUZZ_PARALLEL=$(JOBS) fuzz/run_fuzzers.sh $(FUZZ_BUILD_DIR) $(FUZZ_TEST_SECONDS)

test-asan: deps
	@[ -f $(ASAN_BUILD_DIR)/build.ninja ] || $(HARDEN_CMAKE) -S . -B $(ASAN_BUILD_DIR) -DRATEIO_SANITIZE=address,undefined
	cmake --build $(ASAN_BUILD_DIR) -j $(JOBS)
	cd $(ASAN_BUILD_DIR) && $(SANITIZER_ENV) QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j $(JOBS) -E '$(ASAN_SKIP_TESTS)'

# Configured every time, so that a build folder made with an older
# TSAN_TEST_DIRS takes the current one.
test-tsan: deps
	$(HARDEN_CMAKE) -S . -B $(TSAN_BUILD_DIR) -DRATEIO_SANITIZE=thread "-DRATEIO_TEST_DIRS=$(TSAN_TEST_DIRS)" >/dev/null
	cmake --build $(TSAN_BUILD_DIR) -j $(JOBS)
	cd $(TSAN_BUILD_DIR) && $(SANITIZER_ENV) QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j $(JOBS)

test-hardening: test-fuzz test-asan test-tsan
