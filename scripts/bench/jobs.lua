-- wrk script: one request per job id on /v1/{project_id}/visualization-jobs/{job_id}, with an
-- X-Auth-Token header. Arguments (after `--`): method, token, project_id, first job id, number of
-- ids, mode. Mode "cycle" goes round the ids for the whole run (every server sees the same
-- sequence of paths); mode "once" uses each id once and stops the run after that many answers,
-- so every DELETE reaches a job that still exists (run with -t1: one counter for all connections).

local counter, answers = 0, 0
local method, token, project, first, count, once

function init(args)
  method = args[1]
  token = args[2]
  project = args[3]
  first = tonumber(args[4])
  count = tonumber(args[5])
  once = args[6] == "once"
end

function request()
  local job_id = first + (once and counter or counter % count)
  counter = counter + 1
  local path = "/v1/" .. project .. "/visualization-jobs/" .. job_id
  return wrk.format(method, path, { ["X-Auth-Token"] = token })
end

-- wrk's main thread sleeps for the whole -d duration and divides by it; SIGINT (its own handler)
-- wakes it, so the reported time and Requests/sec are those of the requests really made.
local ffi = require("ffi")
ffi.cdef("int kill(int pid, int sig); int getpid(void);")

function response(status, headers, body)
  if once then
    answers = answers + 1
    if answers == count then
      wrk.thread:stop()
      ffi.C.kill(ffi.C.getpid(), 2)
    end
  end
end
