#pragma once
// A value or the Rejection that explains why there is none: the return type
// of node operations that can fail for reasons a person must be told
// (wrong passphrase, a refused dev clock, a failed disk write).

#include "rules/errors.h"

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace chain {

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : value_(std::move(value)) {}
    Result(Rejection error) : error_(std::move(error)) {}

    bool ok() const { return value_.has_value(); }
    const T& value() const {
        assert(ok());
        return *value_;
    }
    T& value() {
        assert(ok());
        return *value_;
    }
    const Rejection& error() const { return error_; }

private:
    std::optional<T> value_;
    Rejection error_;
};

// nullopt on success: the return type of operations with no value.
using Failure = std::optional<Rejection>;

inline Rejection rejection(ErrorCode code, std::string message) {
    return Rejection{code, std::move(message)};
}

} // namespace chain
