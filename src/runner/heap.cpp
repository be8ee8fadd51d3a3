#include "runner/heap.hpp"

#include <cstdint>
#include <cstdlib> // defines __GLIBC__ on glibc systems

#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace kpi::runner {

void reserveHeapForLargeInputs() {
#if defined(__linux__) && defined(__GLIBC__)
    constexpr std::size_t pad = std::size_t{64} << 20;
    // Blocks up to 32 MiB come from the heap, the heap grows by 64 MiB at a time and is never trimmed.
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, static_cast<int>(pad * 2));
    mallopt(M_TOP_PAD, static_cast<int>(pad));
    void* probe = std::malloc(1 << 20); // makes the heap grow now, by the pad
    if (!probe) return;
    auto begin = reinterpret_cast<std::uintptr_t>(probe) & ~std::uintptr_t{4095};
    auto end = reinterpret_cast<std::uintptr_t>(sbrk(0));
    if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
    std::free(probe);
#endif
}

} // namespace kpi::runner
