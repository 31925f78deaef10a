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
	dpkg-dev file librsvg2-bin help2man desktop-file-utils appstream poppler-utils

# Debian packages only the benchmarks need (`make bench`): the etcd cluster
# the consensus benchmark compares with. Not installed by `make test`.
BENCH_PACKAGES := etcd-server
# Which benchmark `make bench` runs: apply, rules, consensus, sync, desktop or all.
BENCH ?= all

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

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
	  cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE); \
	fi

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	cd $(BUILD_DIR) && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j $(JOBS)

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
