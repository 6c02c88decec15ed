package dist

import (
	"fmt"
	"time"
)

// StallTimesFromEnv reads the stall check's settings (Watch's warn and
// shutdown) from the environment through getenv (os.Getenv), as Horovod
// reads HOROVOD_STALL_CHECK_TIME_SECONDS and
// HOROVOD_STALL_SHUTDOWN_TIME_SECONDS: BRAWN_STALL_WARNING (default 60s;
// 0 turns the warnings off) and BRAWN_STALL_SHUTDOWN (default 0, never),
// each a Go duration such as 90s or 10m. A variable set but empty takes
// its default. A value that is not a duration, or is negative, is an error
// naming the variable and its value.
func StallTimesFromEnv(getenv func(string) string) (warn, shutdown time.Duration, err error) {
	read := func(name string, def time.Duration) (time.Duration, error) {
		v := getenv(name)
		if v == "" {
			return def, nil
		}
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return 0, fmt.Errorf("%s=%q: expected a duration of 0 or more, such as 90s or 10m", name, v)
		}
		return d, nil
	}
	if warn, err = read("BRAWN_STALL_WARNING", time.Minute); err != nil {
		return 0, 0, err
	}
	shutdown, err = read("BRAWN_STALL_SHUTDOWN", 0)
	return warn, shutdown, err
}
