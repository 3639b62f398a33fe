// Colours as pass.json and the vendors' APIs write them: rgb(r, g, b), #rrggbb or #rgb.
#ifndef PKPASS_UTIL_COLOR_H_
#define PKPASS_UTIL_COLOR_H_

#include <optional>
#include <string>
#include <string_view>

namespace pkpass {

// Returns `text` as "rgb(r, g, b)", or nullopt when it is no colour with components 0-255.
std::optional<std::string> NormalizeColor(std::string_view text);

}  // namespace pkpass

#endif  // PKPASS_UTIL_COLOR_H_
