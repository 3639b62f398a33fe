// Writing pass.json: compact UTF-8 JSON without a BOM, object keys in a fixed order.
#ifndef PKPASS_EMIT_PASS_JSON_WRITER_H_
#define PKPASS_EMIT_PASS_JSON_WRITER_H_

#include <string>

#include "util/json.h"

namespace pkpass {

// Returns `pass` serialised compactly. In every object of a dictionary the vocabulary knows (the
// pass, a style, a field, a barcode, semantics, ...), its keys come first in the table's order
// (formatVersion, passTypeIdentifier, serialNumber, teamIdentifier, ...), then any other key in
// byte order; free-form objects (userInfo) are in byte order. The bytes depend only on the values. Numbers are written in their
// shortest round-trip form. REQUIRES: nesting within kMaxJsonDepth plus a few levels (every
// document pkpass parses is). `size_hint`, about the size of the result (the model's pass.json
// as written), sizes the buffer so that it grows once at most.
std::string WritePassJson(const rapidjson::Value& pass, size_t size_hint = 0);

}  // namespace pkpass

#endif  // PKPASS_EMIT_PASS_JSON_WRITER_H_
