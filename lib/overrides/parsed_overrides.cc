#include "overrides/parsed_overrides.h"

#include "internals.h"
#include "util/status_macros.h"

namespace pkpass {

ParsedOverrides Internals::MakeParsedOverrides(std::unique_ptr<ParsedOverrides::Impl> impl) {
  return ParsedOverrides(std::move(impl));
}

ParsedOverrides::ParsedOverrides(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ParsedOverrides::ParsedOverrides(ParsedOverrides&&) noexcept = default;
ParsedOverrides& ParsedOverrides::operator=(ParsedOverrides&&) noexcept = default;
ParsedOverrides::~ParsedOverrides() = default;

Result<ParsedOverrides> ParsedOverrides::Parse(std::string_view json, Diagnostics& diags) {
  auto impl = std::make_unique<Impl>();
  if (!ParseOverrides(json, impl->doc, diags)) {
    return ErrorsIn(diags.error_count(), "the overrides");
  }
  return Internals::MakeParsedOverrides(std::move(impl));
}

std::optional<std::string_view> ParsedOverrides::text(std::string_view key) const {
  const rapidjson::Value* value = Member(impl_->doc, key);
  if (value == nullptr || !value->IsString()) return std::nullopt;
  return StringOf(*value);
}

std::optional<std::string_view> ParsedOverrides::serial_number() const { return text("serialNumber"); }

std::string ParsedOverrides::ToJson() const { return WriteJson(impl_->doc); }

bool ParsedOverrides::completed() const { return impl_->completed; }

}  // namespace pkpass
