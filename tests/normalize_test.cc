#include "resolve/normalize.h"
#include "util/color.h"

#include <gtest/gtest.h>

#include "util/w3c_date.h"

namespace pkpass {
namespace {

TEST(NormalizeColorTest, AcceptsRgbAndHex) {
  EXPECT_EQ(NormalizeColor("rgb(23, 187, 82)"), "rgb(23, 187, 82)");
  EXPECT_EQ(NormalizeColor("rgb(23,187,82)"), "rgb(23, 187, 82)");
  EXPECT_EQ(NormalizeColor("rgb( 0 , 0 , 255 )"), "rgb(0, 0, 255)");
  EXPECT_EQ(NormalizeColor("#17BB52"), "rgb(23, 187, 82)");
  EXPECT_EQ(NormalizeColor("#17bb52"), "rgb(23, 187, 82)");
  EXPECT_EQ(NormalizeColor("#fa0"), "rgb(255, 170, 0)");
}

TEST(NormalizeColorTest, RefusesAnythingElse) {
  for (const char* bad : {"", "red", "rgb(256, 0, 0)", "rgb(1, 2)", "rgb(1, 2, 3, 4)",
                          "rgba(1, 2, 3, 0.5)", "rgb(-1, 2, 3)", "rgb(1.5, 2, 3)", "#12345",
                          "#12345g", "17BB52", "rgb(1, 2, 3) ", "rgb(0001, 2, 3)"}) {
    EXPECT_EQ(NormalizeColor(bad), std::nullopt) << bad;
  }
}

TEST(W3cDateTest, AcceptsAppleExamples) {
  for (const char* good : {"2013-08-10T19:30-06:00", "2014-12-05T09:00-08:00",
                           "2019-06-26T12:00:00+00:00", "2023-08-10T19:30:00.000Z",
                           "2018-12-31T23:00:15+08:00", "2024-02-29T00:00Z"}) {
    EXPECT_EQ(CheckW3cDate(good), DateCheck::kValid) << good;
  }
}

TEST(W3cDateTest, TellsMissingOffsetFromInvalid) {
  EXPECT_EQ(CheckW3cDate("2018-12-31T23:00:15"), DateCheck::kNoOffset);
  EXPECT_EQ(CheckW3cDate("2018-12-31T23:00"), DateCheck::kNoOffset);
  for (const char* bad : {"2018-12-31", "2018-12-31 23:00Z", "2026-01-02T00:00-7:00",
                          "2018-12-31T23:00+0000", "2023-02-29T00:00Z", "2018-13-01T00:00Z",
                          "2018-12-31T24:00Z", "2018-12-31T23:00:15.Z", "Dec'10 1999",
                          "2018-12-31T23:00ZZ"}) {
    EXPECT_EQ(CheckW3cDate(bad), DateCheck::kInvalid) << bad;
  }
}

TEST(W3cDateTest, GivesTheInstantInUtc) {
  EXPECT_EQ(W3cDateSeconds("1970-01-01T00:00Z"), 0);
  EXPECT_EQ(W3cDateSeconds("2023-11-14T22:13:20Z"), 1700000000);
  EXPECT_EQ(W3cDateSeconds("2023-11-15T06:13:20+08:00"), 1700000000);
  EXPECT_EQ(W3cDateSeconds("2023-11-14T12:13:20.75-10:00"), 1700000000);
  EXPECT_EQ(W3cDateSeconds("2024-02-29T00:00Z"), 1709164800);
  EXPECT_EQ(W3cDateSeconds("2023-11-14T22:13:20"), std::nullopt);  // no offset: no instant
  EXPECT_EQ(W3cDateSeconds("not a date"), std::nullopt);
}

}  // namespace
}  // namespace pkpass
