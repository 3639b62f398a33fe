#include "validate/checker.h"

#include <algorithm>

#include "pkpass/diagnostic_codes.h"

namespace pkpass {

Checker::Checker(const ResolvedPass& pass, Diagnostics& diags) : pass_(pass), diags_(diags) {
  for (std::string_view style : kStyleKeys) {
    if (Member(pass.pass_json, style) != nullptr) {
      style_ = style;
      break;
    }
  }
}

void Checker::Error(std::string_view code, const JsonPointer& at, std::string message) const {
  pass_.Report(diags_, Severity::kError, code, at, std::move(message));
}

void Checker::Warning(std::string_view code, const JsonPointer& at, std::string message) const {
  pass_.Report(diags_, Severity::kWarning, code, at, std::move(message));
}

void Checker::FileReport(Severity severity, std::string_view code, const std::string& path,
                         std::string message) const {
  auto source = pass_.own_file_sources.find(path);
  if (source != pass_.own_file_sources.end()) {
    diags_.Add({severity, code, "overrides", source->second, path + ": " + message});
  } else {
    diags_.Add({severity, code, path, "", std::move(message)});
  }
}

bool Checker::Type(const rapidjson::Value& v, unsigned types, const JsonPointer& at,
                   std::string_view name) const {
  if (HasJsonType(v, types)) return true;
  Error(codes::kKeyType, at,
        std::string(name) + " must be " + JsonTypesName(types) + ", not " +
            std::string(JsonTypeName(v)));
  return false;
}

void Checker::MaxChars(const rapidjson::Value& v, size_t max, const JsonPointer& at,
                       std::string_view name) const {
  if (!v.IsString()) return;
  const size_t length = Utf8Length(StringOf(v));
  if (length > max) {
    Error(codes::kStringTooLong, at,
          std::string(name) + " has " + std::to_string(length) + " characters; the limit is " +
              std::to_string(max));
  }
}

bool Checker::Enum(const rapidjson::Value& v, std::span<const std::string_view> allowed,
                   const JsonPointer& at, std::string_view name) const {
  if (!Type(v, kJsonString, at, name)) return false;
  if (std::find(allowed.begin(), allowed.end(), StringOf(v)) != allowed.end()) return true;
  std::string list;
  for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  Error(codes::kEnumValueInvalid, at,
        std::string(name) + " is \"" + std::string(StringOf(v)) + "\"; it must be one of " + list);
  return false;
}

void Checker::UnknownKeys(const rapidjson::Value& object, std::span<const std::string_view> known,
                          const JsonPointer& at, std::string_view what) const {
  if (!object.IsObject()) return;
  for (const auto& m : object.GetObject()) {
    const std::string_view name = StringOf(m.name);
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      Warning(codes::kKeyUnknown, at.Child(name),
              "\"" + std::string(name) + "\" is not a key of " + std::string(what) +
                  "; Wallet ignores it (is it misspelled?)");
    }
  }
}

}  // namespace pkpass
