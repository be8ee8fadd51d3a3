#pragma once
// Small containers for a row's result (language::IndicatorResult), read like std::vector (size(), empty(),
// operator[], at(), front(), back(), iteration, ==). Each holds its elements inline up to a fixed count and
// spills to the heap beyond it; its header is two 32-bit counts and the heap pointer shares the bytes of the
// inline storage, so a record that fits is small and allocates nothing. A default-constructed one leaves its
// inline storage unwritten (results are built in place row after row, and most of a table's result records
// are touched for the first time when they are filled).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <new>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace kpi::language {

// A vector of T holding up to N elements inline.
template <class T, std::uint32_t N>
class InlineVector {
    static_assert(N > 0, "an InlineVector holds at least one element inline");

public:
    using value_type = T;
    using size_type = std::size_t;
    using difference_type = std::ptrdiff_t;
    using reference = T&;
    using const_reference = const T&;
    using iterator = T*;
    using const_iterator = const T*;

    InlineVector() noexcept {}
    InlineVector(const InlineVector& other) { append(other.begin(), other.end()); }
    InlineVector(InlineVector&& other) noexcept(std::is_nothrow_move_constructible_v<T>) { take(other); }
    InlineVector& operator=(const InlineVector& other) {
        if (this != &other) {
            clear();
            append(other.begin(), other.end());
        }
        return *this;
    }
    InlineVector& operator=(InlineVector&& other) noexcept(std::is_nothrow_move_constructible_v<T>) {
        if (this != &other) {
            release();
            take(other);
        }
        return *this;
    }
    ~InlineVector() { release(); }

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    std::size_t capacity() const { return capacity_; }
    // Whether the elements are in the heap (more than N were held at some time).
    bool spilled() const { return capacity_ > N; }

    T* data() { return spilled() ? heap_ : std::launder(reinterpret_cast<T*>(inline_)); }
    const T* data() const { return spilled() ? heap_ : std::launder(reinterpret_cast<const T*>(inline_)); }
    T* begin() { return data(); }
    T* end() { return data() + size_; }
    const T* begin() const { return data(); }
    const T* end() const { return data() + size_; }
    T& operator[](std::size_t i) { return data()[i]; }
    const T& operator[](std::size_t i) const { return data()[i]; }
    const T& at(std::size_t i) const {
        if (i >= size_) throw std::out_of_range("InlineVector::at");
        return data()[i];
    }
    T& front() { return data()[0]; }
    const T& front() const { return data()[0]; }
    T& back() { return data()[size_ - 1]; }
    const T& back() const { return data()[size_ - 1]; }

    // Room for n elements without another allocation.
    void reserve(std::size_t n) {
        if (n > capacity_) reallocate(n);
    }
    template <class... Args>
    T& emplace_back(Args&&... args) {
        if (size_ == capacity_) return emplaceGrown(std::forward<Args>(args)...);
        T* element = ::new (static_cast<void*>(data() + size_)) T(std::forward<Args>(args)...);
        ++size_;
        return *element;
    }
    void push_back(const T& value) { emplace_back(value); }
    void push_back(T&& value) { emplace_back(std::move(value)); }
    // Destroys the elements; a heap buffer is kept for the next ones.
    void clear() {
        std::destroy(begin(), end());
        size_ = 0;
    }
    template <class It>
    void assign(It first, It last) {
        clear();
        append(first, last);
    }

    friend bool operator==(const InlineVector& a, const InlineVector& b) {
        return a.size_ == b.size_ && std::equal(a.begin(), a.end(), b.begin());
    }

private:
    template <class It>
    void append(It first, It last) {
        reserve(size_ + static_cast<std::size_t>(std::distance(first, last)));
        std::uninitialized_copy(first, last, end());
        size_ += static_cast<std::uint32_t>(std::distance(first, last));
    }
    // Precondition: this is empty and inline. Takes other's elements (its heap buffer, or its inline
    // elements moved one by one) and leaves it empty and inline.
    void take(InlineVector& other) {
        if (other.spilled()) {
            heap_ = other.heap_;
            capacity_ = other.capacity_;
            size_ = other.size_;
            other.capacity_ = N;
            other.size_ = 0;
            return;
        }
        std::uninitialized_move(other.begin(), other.end(), begin());
        size_ = other.size_;
        other.clear();
    }
    // Destroys the elements and frees a heap buffer: empty and inline again.
    void release() {
        clear();
        if (spilled()) std::allocator<T>().deallocate(heap_, capacity_);
        capacity_ = N;
    }
    void reallocate(std::size_t n) {
        T* grown = std::allocator<T>().allocate(n);
        std::uninitialized_move(begin(), end(), grown);
        std::destroy(begin(), end());
        if (spilled()) std::allocator<T>().deallocate(heap_, capacity_);
        heap_ = grown;
        capacity_ = static_cast<std::uint32_t>(n);
    }
    // emplace_back when full: the new element is made first (args may refer to an element here).
    template <class... Args>
    [[gnu::noinline]] T& emplaceGrown(Args&&... args) {
        T value(std::forward<Args>(args)...);
        reallocate(std::size_t{capacity_} * 2);
        T* element = ::new (static_cast<void*>(data() + size_)) T(std::move(value));
        ++size_;
        return *element;
    }

    std::uint32_t size_ = 0;
    std::uint32_t capacity_ = N; // N: the elements are inline; more: in heap_
    union {
        alignas(T) unsigned char inline_[sizeof(T) * N];
        T* heap_;
    };
};

// A list of booleans, one bit each: 64 inline, more in the heap.
class InlineBits {
public:
    using value_type = bool;
    using size_type = std::size_t;

    class const_iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = bool;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = bool;
        const_iterator() = default;
        const_iterator(const InlineBits* bits, std::size_t i) : bits_(bits), i_(i) {}
        bool operator*() const { return (*bits_)[i_]; }
        const_iterator& operator++() {
            ++i_;
            return *this;
        }
        const_iterator operator++(int) {
            const_iterator before = *this;
            ++i_;
            return before;
        }
        friend bool operator==(const const_iterator& a, const const_iterator& b) { return a.i_ == b.i_; }

    private:
        const InlineBits* bits_ = nullptr;
        std::size_t i_ = 0;
    };
    using iterator = const_iterator;

    InlineBits() noexcept {}
    InlineBits(const InlineBits& other) { copyFrom(other); }
    InlineBits(InlineBits&& other) noexcept { take(other); }
    InlineBits& operator=(const InlineBits& other) {
        if (this != &other) {
            size_ = 0;
            copyFrom(other);
        }
        return *this;
    }
    InlineBits& operator=(InlineBits&& other) noexcept {
        if (this != &other) {
            release();
            take(other);
        }
        return *this;
    }
    ~InlineBits() { release(); }

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    bool operator[](std::size_t i) const { return (words()[i / 64] >> (i % 64)) & 1u; }
    bool at(std::size_t i) const {
        if (i >= size_) throw std::out_of_range("InlineBits::at");
        return (*this)[i];
    }
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, size_}; }

    void push_back(bool bit) { appendBits(bit, 1); }
    // Appends the low `count` bits of `bits` (count <= 64; the bits above it must be 0), lowest first:
    // a caller with many booleans to add gathers them in a word and adds them in one step.
    void appendBits(std::uint64_t bits, unsigned count) {
        if (count == 0) return;
        const unsigned shift = size_ % 64;
        if (size_ + count > std::size_t{wordCount_} * 64) grow(std::max<std::size_t>(std::size_t{wordCount_} * 2, usedWords() + 1));
        std::uint64_t* word = words() + size_ / 64;
        // A word is written whole when its first bit is added, so the bits past the size are always 0.
        word[0] = shift == 0 ? bits : word[0] | bits << shift;
        if (shift != 0 && shift + count > 64) word[1] = bits >> (64 - shift);
        size_ += count;
    }
    void clear() { size_ = 0; }

    friend bool operator==(const InlineBits& a, const InlineBits& b) {
        if (a.size_ != b.size_) return false;
        const std::uint64_t* x = a.words();
        const std::uint64_t* y = b.words();
        for (std::size_t i = 0, n = a.usedWords(); i < n; ++i)
            if (x[i] != y[i]) return false;
        return true;
    }

private:
    bool spilled() const { return wordCount_ > 1; }
    std::uint64_t* words() { return spilled() ? heap_ : &inline_; }
    const std::uint64_t* words() const { return spilled() ? heap_ : &inline_; }
    std::size_t usedWords() const { return (std::size_t{size_} + 63) / 64; }
    void copyFrom(const InlineBits& other) {
        if (other.usedWords() > wordCount_) grow(other.usedWords());
        std::copy(other.words(), other.words() + other.usedWords(), words());
        size_ = other.size_;
    }
    void take(InlineBits& other) {
        size_ = other.size_;
        wordCount_ = other.wordCount_;
        if (other.spilled()) heap_ = other.heap_;
        else if (other.size_ > 0) inline_ = other.inline_;
        other.size_ = 0;
        other.wordCount_ = 1;
    }
    void release() {
        if (spilled()) delete[] heap_;
        size_ = 0;
        wordCount_ = 1;
    }
    [[gnu::noinline]] void grow(std::size_t wordCount) {
        auto* grown = new std::uint64_t[wordCount];
        std::copy(words(), words() + usedWords(), grown);
        if (spilled()) delete[] heap_;
        heap_ = grown;
        wordCount_ = static_cast<std::uint32_t>(wordCount);
    }

    std::uint32_t size_ = 0;
    std::uint32_t wordCount_ = 1; // 1: the bits are inline; more: in heap_
    union {
        std::uint64_t inline_;
        std::uint64_t* heap_;
    };
};

} // namespace kpi::language
