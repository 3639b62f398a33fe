// Responses every API route gives the same way: errors as {"message": ...} (with pkpass's
// diagnostics, code and pointer into the request body, when a pass was refused), JSON bodies,
// times in ISO 8601 and HTTP's date form.
#ifndef PKPASS_SERVE_API_RESPONSES_H_
#define PKPASS_SERVE_API_RESPONSES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.h"
#include "passes.h"
#include "rapidjson/document.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace pkpass::serve {

// {"message": message} with `status`; with "diagnostics": FormatJson(diags) when there are any.
Response ErrorResponse(int status, std::string_view message, const Diagnostics& diags = {});

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// Writes "diagnostics": FormatJson(diags) (the first 100, at most 64 KiB) when there are any.
void WriteDiagnostics(JsonWriter& w, const Diagnostics& diags);

// A stored pass's overrides, parsed (an empty object when they do not parse).
rapidjson::Document OverridesOf(const StoredPass& pass);

// The message a pass's barcode carries, from its parsed `overrides`: Pass2U's "barcode", the
// first of "barcodes", or with `nfc` its "nfc"; "" when they give none.
std::string MessageOf(const rapidjson::Value& overrides, bool nfc = false);

// ASCII lower case, for header values and names.
std::string Lower(std::string_view s);

// The error an Outcome that failed stands for.
Response ErrorResponse(const Outcome& outcome);

// A JSON body with `status`.
Response JsonResponse(int status, std::string body);

// "2018-01-25T16:19:36+00:00"; with `utc_z`, "2018-01-25T16:19:36.000Z" (Airship's form).
std::string IsoTime(std::int64_t seconds, bool utc_z = false);
// "Thu, 25 Jan 2018 16:19:36 GMT".
std::string HttpDate(std::int64_t seconds);
// The seconds an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") names, or nullopt for any other
// text.
std::optional<std::int64_t> ParseHttpDate(std::string_view text);

// Whether `given` equals the secret `expected`, in time that does not depend on where they differ.
bool SameSecret(std::string_view given, std::string_view expected);

// Whether the request's Accept (none: anything) takes `type`.
bool Accepts(const Request& request, std::string_view type);
// Whether the request's Content-Type is `type` (parameters such as charset aside).
bool ContentTypeIs(const Request& request, std::string_view type);

// The .pkpass download: application/vnd.apple.pkpass with Content-Disposition, ETag (the tag) and
// Last-Modified (the update time); 304 when If-None-Match names the current tag.
Response PassResponse(const Request& request, const StoredPass& pass, const std::string& bytes);

}  // namespace pkpass::serve

#endif  // PKPASS_SERVE_API_RESPONSES_H_
