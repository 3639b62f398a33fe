#include "pkpass/diagnostic.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>

#include "pkpass/diagnostic_codes.h"

namespace pkpass {

std::string_view SeverityName(Severity severity) {
  return severity == Severity::kError ? "error" : "warning";
}

void Diagnostics::Add(Diagnostic d) {
  if (d.severity == Severity::kError) ++errors_;
  items_.push_back(std::move(d));
}

void Diagnostics::Error(std::string_view code, std::string file, std::string pointer,
                        std::string message) {
  Add({Severity::kError, code, std::move(file), std::move(pointer), std::move(message)});
}

void Diagnostics::Warning(std::string_view code, std::string file, std::string pointer,
                          std::string message) {
  Add({Severity::kWarning, code, std::move(file), std::move(pointer), std::move(message)});
}

void Diagnostics::Append(const Diagnostics& other) {
  for (const Diagnostic& d : other) Add(d);
}

void Diagnostics::PromoteWarnings() {
  for (Diagnostic& d : items_) d.severity = Severity::kError;
  errors_ = items_.size();
}

void Diagnostics::Sort() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) { return a.file < b.file; });
}

Diagnostics FirstDiagnostics(const Diagnostics& diags, size_t max_items, size_t max_bytes) {
  auto cut = [max_bytes](const std::string& s) {
    if (s.size() <= max_bytes) return s;
    size_t end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;  // a boundary
    return s.substr(0, end) + "\u2026";
  };
  Diagnostics first;
  size_t errors_left_out = 0;
  for (size_t i = 0; i < diags.size(); ++i) {
    const Diagnostic& d = diags.items()[i];
    if (i < max_items) {
      first.Add({d.severity, d.code, cut(d.file), cut(d.pointer), cut(d.message)});
    } else if (d.severity == Severity::kError) {
      ++errors_left_out;
    }
  }
  if (diags.size() > max_items) {
    const std::string message = "and " + std::to_string(diags.size() - max_items) + " more";
    if (errors_left_out > 0) {
      first.Error(codes::kDiagnosticsOmitted, "", "", message);
    } else {
      first.Warning(codes::kDiagnosticsOmitted, "", "", message);
    }
  }
  return first;
}

std::string FormatText(const Diagnostics& diags) {
  std::string out;
  for (const Diagnostic& d : diags) {
    std::string where = d.file;
    if (!d.pointer.empty()) where += ":" + d.pointer;
    if (!where.empty()) out += where + ": ";
    out += SeverityName(d.severity);
    out += ": " + d.message + " [";
    out += d.code;
    out += "]\n";
  }
  return out;
}

std::string FormatJson(const Diagnostics& diags) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  auto str = [&w](std::string_view s) {
    const std::string valid = ToValidUtf8(s);
    w.String(valid.data(), static_cast<rapidjson::SizeType>(valid.size()));
  };
  w.StartArray();
  for (const Diagnostic& d : diags) {
    w.StartObject();
    str("severity");
    str(SeverityName(d.severity));
    str("code");
    str(d.code);
    str("file");
    str(d.file);
    str("pointer");
    str(d.pointer);
    str("message");
    str(d.message);
    w.EndObject();
  }
  w.EndArray();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace pkpass
