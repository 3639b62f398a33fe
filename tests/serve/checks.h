// What the server's tests check answers with: JSON bodies, error diagnostics, and the passes
// downloaded (verified with pkpass and openssl, then read).
#ifndef PKPASS_TESTS_SERVE_CHECKS_H_
#define PKPASS_TESTS_SERVE_CHECKS_H_

#include <string>
#include <vector>

#include "rapidjson/document.h"
#include "serve/http_client.h"

namespace pkpass::testing {

// `text` parsed; a parse error fails the test.
rapidjson::Document Json(const std::string& text);
// `v` as compact JSON.
std::string Text(const rapidjson::Value& v);
// The bytes of fixtures/`path`.
std::string Fixture(const std::string& path);
// "code file:pointer" of each diagnostic of an answer's "diagnostics", in order.
std::vector<std::string> DiagnosticsOf(const HttpResponse& r);
// pass.json of a .pkpass, after checking that it verifies against the test root with pkpass and
// with openssl.
rapidjson::Document PassJsonOf(const std::string& pkpass);
// The field `key` of pass.json, in whichever area it is; null when none.
const rapidjson::Value* FieldOf(const rapidjson::Value& pass, const char* key);
// "" when `pass` equals the golden case's expected/pass.json but for serialNumber (a server
// gives its own) and the web service's webServiceURL and authenticationToken (which it must
// have), else both documents.
std::string GoldenDifference(const rapidjson::Value& pass, const std::string& golden_case);

}  // namespace pkpass::testing

#endif  // PKPASS_TESTS_SERVE_CHECKS_H_
