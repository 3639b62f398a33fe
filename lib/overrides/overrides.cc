#include "overrides/overrides.h"

namespace pkpass {
namespace {

bool IsBlank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

bool ParseOverrides(std::string_view json, rapidjson::Document& doc, Diagnostics& diags,
                    std::string_view file) {
  if (IsBlank(json)) {
    doc.SetObject();
    return true;
  }
  return ParseJsonObject(json, file, kMaxOverridesBytes, doc, diags);
}

}  // namespace pkpass
