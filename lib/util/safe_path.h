// Checking untrusted relative paths (zip entry names, image paths).
#ifndef PKPASS_UTIL_SAFE_PATH_H_
#define PKPASS_UTIL_SAFE_PATH_H_

#include <string_view>

namespace pkpass {

// Returns true when `path` is a relative "/"-separated path that stays below its root: not
// empty, no leading "/", no "." or ".." component, no empty component but a trailing one (a
// folder), no backslash, no control character.
bool IsSafeRelativePath(std::string_view path);

}  // namespace pkpass

#endif  // PKPASS_UTIL_SAFE_PATH_H_
