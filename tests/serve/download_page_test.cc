// The public download page in a real headless browser (Debian's chromium): it renders the pass's
// name and an "Add to Apple Wallet" link that answers application/vnd.apple.pkpass, and its QR
// code, read from a screenshot by zbarimg, is the page's own URL.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "serve/checks.h"
#include "serve/http_client.h"
#include "serve/server_process.h"
#include "testing/files.h"

namespace pkpass::testing {
namespace {

using ::testing::HasSubstr;

// Runs headless chromium on `url` with `args` (as root, as CI runs it: no sandbox; no
// background traffic to the closed network), in a profile of its own.
CommandResult Chromium(const std::string& args, const std::string& url) {
  const std::string profile = MakeTempDir("chromium");
  return RunCommand("timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
                    "--disable-background-networking --disable-component-update --disable-sync "
                    "--disable-dev-shm-usage --user-data-dir=" + profile + " " + args + " '" + url + "' 2>/dev/null");
}

TEST(DownloadPageTest, RendersTheNameALinkToThePassAndAQrCodeOfItself) {
  ServerProcess server;
  const HttpResponse created = Send(server.port(), "POST", "/v2/models/1919/passes",
                                    {{"x-api-key", server.key()}, {"Content-Type", "application/json"}},
                                    R"({"fields": [{"key": "name", "value": "Ann"}]})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = Json(created.body)["passId"].GetString();
  const std::string url = "http://127.0.0.1:" + std::to_string(server.port()) + "/d/" + id;

  const CommandResult dom = Chromium("--dump-dom", url);
  ASSERT_EQ(dom.exit_code, 0) << dom.out;
  EXPECT_THAT(dom.out, HasSubstr("<title>Bayroast Coffee</title>"));
  EXPECT_THAT(dom.out, HasSubstr("<h1 id=\"name\">Bayroast Coffee</h1>"));
  std::smatch link;
  ASSERT_TRUE(std::regex_search(dom.out, link, std::regex("<a id=\"add\" href=\"([^\"]+)\"[^>]*>Add to Apple Wallet</a>")))
      << dom.out;
  EXPECT_EQ(link[1].str(), "/d/" + id + "/pass.pkpass");
  const HttpResponse pass = Send(server.port(), "GET", link[1].str());  // no key: a public link
  EXPECT_EQ(pass.status, 200);
  EXPECT_EQ(pass.Header("content-type"), "application/vnd.apple.pkpass");
  EXPECT_EQ(PassJsonOf(pass.body)["serialNumber"].GetString(), id);

  const std::string shot = MakeTempDir("screenshot") + "/page.png";
  const CommandResult screenshot = Chromium("--window-size=600,1000 --screenshot=" + shot, url);
  ASSERT_EQ(screenshot.exit_code, 0) << screenshot.out;
  const CommandResult qr = RunCommand("zbarimg --nodbus --quiet --raw '" + shot + "' 2>/dev/null");
  ASSERT_EQ(qr.exit_code, 0) << qr.out;
  EXPECT_EQ(qr.out, url + "\n");

  // No such pass: a page that says so, with 404.
  const HttpResponse missing = Send(server.port(), "GET", "/d/NoSuchPass00");
  EXPECT_EQ(missing.status, 404);
  EXPECT_THAT(missing.body, HasSubstr("<h1>No such pass</h1>"));
}

TEST(DownloadPageTest, Pass2uStatusAndPasscodeGuardThePublicLinks) {
  ServerProcess server;
  const Headers json = {{"x-api-key", server.key()}, {"Content-Type", "application/json"}};
  const HttpResponse guarded = Send(server.port(), "POST", "/v2/models/2126/passes", json,
                                    R"({"serialNumber": "G-1", "passcode": "s3cret&1"})");
  ASSERT_EQ(guarded.status, 201) << guarded.body;
  const std::string id = Json(guarded.body)["passId"].GetString();
  const HttpResponse ask = Send(server.port(), "GET", "/d/" + id);
  EXPECT_EQ(ask.status, 200);
  EXPECT_THAT(ask.body, HasSubstr("<h1>This pass has a passcode</h1>"));
  EXPECT_THAT(ask.body, ::testing::Not(HasSubstr("pass.pkpass")));
  const HttpResponse wrong = Send(server.port(), "GET", "/d/" + id + "?passcode=guess");
  EXPECT_EQ(wrong.status, 403);
  EXPECT_THAT(wrong.body, HasSubstr("<p id=\"wrong\">"));
  EXPECT_EQ(Send(server.port(), "GET", "/d/" + id + "/pass.pkpass").status, 403);
  const HttpResponse right = Send(server.port(), "GET", "/d/" + id + "?passcode=s3cret%261");
  EXPECT_EQ(right.status, 200);
  EXPECT_THAT(right.body, HasSubstr("href=\"/d/" + id + "/pass.pkpass?passcode=s3cret%261\""));
  EXPECT_EQ(Send(server.port(), "GET", "/d/" + id + "/pass.pkpass?passcode=s3cret%261").status, 200);

  // Status 2, "not accessible": the links answer 403, and the pass is void.
  const std::string url = "/v2/models/2126/passes/" + id;
  ASSERT_EQ(Send(server.port(), "PUT", url, json, R"({"status": 2})").status, 200);
  EXPECT_EQ(Send(server.port(), "GET", "/d/" + id + "?passcode=s3cret%261").status, 403);
  EXPECT_EQ(Send(server.port(), "GET", "/d/" + id + "/pass.pkpass?passcode=s3cret%261").status, 403);
  EXPECT_THAT(Send(server.port(), "GET", url + "/status", {{"x-api-key", server.key()}}).body,
              HasSubstr("\"status\":2"));
  EXPECT_TRUE(PassJsonOf(Send(server.port(), "GET", url, {{"x-api-key", server.key()}}).body)["voided"].GetBool());
}

}  // namespace
}  // namespace pkpass::testing
