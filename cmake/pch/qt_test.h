// The console's tests: what the console's library precompiles, and Qt Test.
#pragma once

#include "qt.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
