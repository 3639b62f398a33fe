#include "validate/checker.h"

#include <algorithm>

#include "pkpass/diagnostic_codes.h"
#include "util/w3c_date.h"

namespace pkpass {

Checker::Checker(const ResolvedPass& pass, Diagnostics& diags, const ValidationMemo* replay,
                 ValidationMemo* record)
    : pass_(pass), diags_(diags), json_(&pass.pass_json), replay_(replay), record_(record) {
  style_ = schema::StyleOf(pass.pass_json);
}

Checker::Checker(const Checker& pass_checker, std::string file, const rapidjson::Value& document)
    : pass_(pass_checker.pass_), diags_(pass_checker.diags_), json_(&document),
      file_(std::move(file)), style_(pass_checker.style_) {}

void Checker::Error(std::string_view code, const JsonPointer& at, std::string message) const {
  if (file_.empty()) {
    pass_.Report(diags_, Severity::kError, code, at, std::move(message));
  } else {
    diags_.Add({Severity::kError, code, file_, at.str(), std::move(message)});
  }
}

void Checker::Warning(std::string_view code, const JsonPointer& at, std::string message) const {
  if (file_.empty()) {
    pass_.Report(diags_, Severity::kWarning, code, at, std::move(message));
  } else {
    diags_.Add({Severity::kWarning, code, file_, at.str(), std::move(message)});
  }
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

void Checker::Missing(const schema::Key& row, const JsonPointer& at, std::string_view code,
                      std::string message) const {
  if (pass_.is_model && row.override != schema::Override::kNo) {
    Warning(codes::kModelKeyPerPass, at,
            "the model has no " + std::string(row.name) + ": every pass must supply it in its "
            "overrides, or it is refused");
  } else {
    Error(code, at, std::move(message));
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

bool Checker::Date(const rapidjson::Value& v, const JsonPointer& at, std::string_view what) const {
  if (pass_.refused_dates.contains(at.view())) return false;  // reported with its zone
  const DateCheck date = v.IsString() ? CheckW3cDate(StringOf(v)) : DateCheck::kInvalid;
  if (date == DateCheck::kNoOffset) {
    Error(codes::kDateTimezoneMissing, at,
          std::string(what) + " has no time zone: add \"Z\" or an offset such as \"+08:00\"");
  } else if (date == DateCheck::kInvalid) {
    Error(codes::kDateInvalid, at,
          std::string(what) + " must be a date such as \"2018-12-31T23:00:15+08:00\"");
  }
  return date == DateCheck::kValid;
}

void Checker::UnknownKeys(const rapidjson::Value& object, schema::Dict dict, const JsonPointer& at,
                          std::string_view what) const {
  if (!object.IsObject()) return;
  for (const auto& m : object.GetObject()) {
    const std::string_view name = StringOf(m.name);
    if (schema::Find(dict, name) == nullptr) {
      Warning(codes::kKeyUnknown, at.Child(name),
              "\"" + std::string(name) + "\" is not a key of " + std::string(what) +
                  "; Wallet ignores it (is it misspelled?)");
    }
  }
}

}  // namespace pkpass
