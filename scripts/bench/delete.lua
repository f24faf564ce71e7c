-- wrk script: DELETE /v1/{project_id}/visualization-jobs/{job_id} with an X-Auth-Token header.
-- Arguments (after `--`): token, project_id, first job id, number of ids to cycle through.
-- The ids cycle so every server sees the same sequence of paths.

local counter = 0
local token, project, first, count

function init(args)
  token = args[1]
  project = args[2]
  first = tonumber(args[3])
  count = tonumber(args[4])
end

function request()
  local job_id = first + (counter % count)
  counter = counter + 1
  local path = "/v1/" .. project .. "/visualization-jobs/" .. job_id
  return wrk.format("DELETE", path, { ["X-Auth-Token"] = token })
end
