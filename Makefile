# Convenience wrapper around CMake: the README's two commands.
#   make run            build, then start the REPL (make run ARGS=lessons/x.nbl for a script)
#   make test           build, then run the whole test suite with ctest
#   make test-sanitize  the same suite in an ASan+UBSan build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: build run test test-sanitize bench clean

build:
	cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
	cmake --build build -j$(JOBS)

run: build
	./build/nabla $(ARGS)

test: build
	cd build && ctest --output-on-failure -j$(JOBS)

test-sanitize:
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DNABLA_SANITIZE=ON
	cmake --build build-asan -j$(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 ctest --output-on-failure -j$(JOBS)

bench: build
	bench/run.sh

clean:
	rm -rf build build-asan
