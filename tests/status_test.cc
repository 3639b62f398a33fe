// Status and Result: values, and what reading a missing value does.
#include "pkpass/status.h"

#include <gtest/gtest.h>

#include <string>

namespace pkpass {
namespace {

TEST(StatusTest, NamesItsCodeAndMessage) {
  EXPECT_EQ(Status::Ok().ToString(), "OK");
  EXPECT_EQ(Status::IoError("disk full").ToString(), "I/O error: disk full");
}

TEST(ResultTest, HoldsAValueOrAStatus) {
  Result<std::string> value = std::string("pass");
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(*value, "pass");
  EXPECT_EQ(value->size(), 4u);
  Result<std::string> error = Status::NotFound("no model");
  EXPECT_FALSE(error.ok());
  EXPECT_EQ(error.status().message(), "no model");
  // A Result made from an OK Status is a bug in its maker, and says so.
  Result<int> odd = Status::Ok();
  EXPECT_EQ(odd.status().code(), StatusCode::kInternal);
}

// Reading the value of an error aborts with the status, as abseil's StatusOr does.
TEST(ResultDeathTest, ReadingTheValueOfAnErrorAbortsWithItsStatus) {
  Result<std::string> error = Status::NotFound("no model at m.pass");
  EXPECT_DEATH((void)error.value(), "pkpass: a Result holds no value: not found: no model at m.pass");
  EXPECT_DEATH((void)*error, "not found: no model at m.pass");
  EXPECT_DEATH((void)error->size(), "not found: no model at m.pass");
  const Result<std::string>& constant = error;
  EXPECT_DEATH((void)constant.value(), "not found: no model at m.pass");
}

}  // namespace
}  // namespace pkpass
