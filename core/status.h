// status.h — error values for library code.
//
// Library code never calls exit() or aborts on bad input: it returns a Status (ok or an error
// message) or a Result<T> (a value or an error). Messages name what failed and where (file,
// line, key, byte offset), because they are shown to the person who gave the input.
#pragma once

#include <sstream>
#include <string>
#include <utility>
#include <variant>

namespace dendrite {

// Concatenates anything that can be written to an ostream; used to build error messages.
template <typename... Parts>
std::string str_cat(const Parts&... parts) {
  std::ostringstream out;
  (out << ... << parts);
  return out.str();
}

struct Error {
  std::string message;
};

// Ok, or an error with a message.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error.message)), failed_(true) {}  // NOLINT: implicit on purpose

  static Status ok() { return Status(); }

  bool is_ok() const { return !failed_; }
  explicit operator bool() const { return !failed_; }
  const std::string& message() const { return error_; }

  // Prefixes context ("loading foo.png: ") to an error; no-op for ok.
  Status with_context(const std::string& context) const {
    if (!failed_) return *this;
    return Error{context + ": " + error_};
  }

 private:
  std::string error_;
  bool failed_ = false;
};

// A value of T, or an error.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}        // NOLINT: implicit on purpose
  Result(Error error) : state_(std::move(error)) {}    // NOLINT: implicit on purpose
  Result(Status status) : state_(Error{status.message()}) {}  // NOLINT: only for failed statuses

  bool is_ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return is_ok(); }

  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const std::string& message() const {
    static const std::string empty;
    return is_ok() ? empty : std::get<Error>(state_).message;
  }
  Status status() const { return is_ok() ? Status() : Status(std::get<Error>(state_)); }

 private:
  std::variant<T, Error> state_;
};

}  // namespace dendrite

// Returns early from the enclosing function when a Status-returning expression fails.
#define DENDRITE_TRY(expr)                              \
  do {                                                  \
    ::dendrite::Status dendrite_try_status_ = (expr);   \
    if (!dendrite_try_status_.is_ok()) return ::dendrite::Error{dendrite_try_status_.message()}; \
  } while (false)

#define DENDRITE_CONCAT_INNER_(a, b) a##b
#define DENDRITE_CONCAT_(a, b) DENDRITE_CONCAT_INNER_(a, b)

// `DENDRITE_ASSIGN_OR_RETURN(auto x, make_x());` — unwraps a Result or returns its error.
#define DENDRITE_ASSIGN_OR_RETURN(decl, expr)                                              \
  auto DENDRITE_CONCAT_(dendrite_result_, __LINE__) = (expr);                              \
  if (!DENDRITE_CONCAT_(dendrite_result_, __LINE__).is_ok())                               \
    return ::dendrite::Error{DENDRITE_CONCAT_(dendrite_result_, __LINE__).message()};      \
  decl = std::move(DENDRITE_CONCAT_(dendrite_result_, __LINE__)).value()
