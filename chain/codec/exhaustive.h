#pragma once
// Helpers that make the compiler check that every alternative of a variant
// and every enumerator of an enum is handled, so that adding one (an
// operation, a change kind, an event kind, a screen) fails to compile until
// every place that must know about it does (docs/DESIGN.md, "Adding things").

#include <type_traits>

namespace chain {

// std::visit(Overloaded{[](const A&) {...}, [](const B&) {...}}, variant):
// one lambda per alternative, and no generic `auto` lambda, so that an
// alternative nobody handles is a compile error rather than a fallback.
template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
// Spelled out for clang before 17, which lacks C++20 aggregate deduction
// (the fuzz build uses Debian's clang 14).
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

// Ties an enum's named first and last values (the bounds a decoder checks) to
// its enumerators. `is_enumerator(Enum)` is found by argument-dependent
// lookup: a constexpr switch with a case for each enumerator and no default,
// so -Werror=switch makes whoever adds an enumerator add its case, and then
// this fails in a static_assert until the named last value moves too.
template <class Enum>
constexpr bool enumerators_span(std::underlying_type_t<Enum> first, std::underlying_type_t<Enum> last) {
    using Raw = std::underlying_type_t<Enum>;
    for (Raw value = first;; ++value) {
        if (!is_enumerator(static_cast<Enum>(value))) return false;
        if (value == last) break;
    }
    return !is_enumerator(static_cast<Enum>(static_cast<Raw>(first - 1))) &&
           !is_enumerator(static_cast<Enum>(static_cast<Raw>(last + 1)));
}

} // namespace chain
