export const id = 617;
export const ids = [617];
export const modules = {

/***/ 3617:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  commentOnPullRequest: () => (/* binding */ commentOnPullRequest)
});

// UNUSED EXPORTS: publishComments, pullRequestNumber, sameLogin, tokenLogin

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 22 modules
var github = __webpack_require__(2413);
// EXTERNAL MODULE: ./src/report/summaryBudget.ts
var summaryBudget = __webpack_require__(3863);
// EXTERNAL MODULE: ./src/report/summary.ts + 3 modules
var summary = __webpack_require__(4724);
;// CONCATENATED MODULE: ./src/report/comment.ts


/** The API answers 422 "Body is too long (maximum is 65536 characters)" above this. */
const commentLimit = 65_536;
function runUrl(context) {
    return `${context.serverUrl.replace(/\/+$/, '')}/${context.repository}/actions/runs/${context.runId}`;
}
/**
 * The hidden line that names the comment's Job (and the workflow job that reports it), so
 * that two workflows running Jobs of the same name keep a comment each. Only the characters of
 * names are kept as they are: nothing in it can close the HTML comment.
 */
function commentMarker(namespace, jobName, context) {
    const parts = [`job=${encodeURIComponent(`${namespace}/${jobName}`)}`];
    if (context.workflow)
        parts.push(`workflow=${encodeURIComponent(context.workflow)}`);
    if (context.workflowJob)
        parts.push(`workflow-job=${encodeURIComponent(context.workflowJob)}`);
    return `<!-- job-action report ${parts.join(' ')} -->`;
}
function renderComment(input, measure = summaryBudget/* charLength */.XP) {
    const { result, context } = input;
    const marker = commentMarker(result.job.metadata.namespace, result.job.metadata.name, context);
    const url = runUrl(context);
    const footer = (cut) => cut
        ? `\n---\n<sub>Cut to fit a comment: the whole report is in the step summary of [run ${context.runId}](${url}).</sub>\n`
        : `\n---\n<sub>Reported by job-action in [run ${context.runId}](${url}).</sub>\n`;
    const limit = Math.min(input.limit ?? commentLimit, commentLimit);
    const room = limit - measure(`${marker}\n`) - Math.max(measure(footer(true)), measure(footer(false)));
    const pieces = (0,summary/* jobReportPieces */.Dn)(result, {
        describe: input.describe,
        logsDir: input.logsDir,
        mask: input.mask
    });
    const fitted = (0,summary/* fitReport */.kq)(pieces, room, measure, input.logsDir, input.mask);
    return { marker, body: `${marker}\n${fitted.text}${footer(fitted.cut)}`, cut: fitted.cut };
}

;// CONCATENATED MODULE: ./src/report/publishComment.ts
/**
 * Creating or updating the pull-request comments through the REST API (GitHub.com or a GitHub
 * Enterprise Server at GITHUB_API_URL). A comment is ours when it carries the Job's marker and
 * was written by the token's own login — so a marker pasted by someone else is never
 * overwritten. A comment that cannot be written never fails the step: the report is in the step
 * summary anyway, and a pull request from a fork only ever gets a read-only token.
 */



/** The pull request a run is for, from its event payload (GITHUB_EVENT_PATH); undefined for any other run. */
function pullRequestNumber(eventPath) {
    if (!eventPath)
        return undefined;
    let payload;
    try {
        payload = JSON.parse(external_node_fs_.readFileSync(eventPath, 'utf8'));
    }
    catch {
        return undefined;
    }
    if (typeof payload !== 'object' || payload === null)
        return undefined;
    const event = payload;
    // pull_request and pull_request_target carry the pull request; issue_comment on one carries an issue that is one.
    const number = event.pull_request?.number ?? (event.issue?.pull_request ? event.issue.number : undefined);
    return typeof number === 'number' && Number.isInteger(number) && number > 0 ? number : undefined;
}
/** Logins compared the way GitHub shows them: a bot is `name[bot]` over REST, `name` over GraphQL. */
function sameLogin(a, b) {
    const normal = (login) => login.toLowerCase().replace(/\[bot\]$/, '');
    return a !== undefined && b !== undefined && normal(a) === normal(b);
}
/**
 * The token's login. GET /user answers 403 to the workflow's GITHUB_TOKEN (an installation
 * token), while GraphQL's viewer names any token's user or bot; GET /user is the fallback where
 * GraphQL is not reachable, and `github-actions[bot]`, the login of the default token, the last.
 */
async function tokenLogin(octokit) {
    try {
        const data = await octokit.graphql('query { viewer { login } }');
        if (data.viewer?.login)
            return data.viewer.login;
    }
    catch {
        // next way
    }
    try {
        const { data } = await octokit.rest.users.getAuthenticated();
        if (data.login)
            return data.login;
    }
    catch {
        // last way
    }
    return 'github-actions[bot]';
}
function httpStatus(error) {
    const status = error?.status;
    return typeof status === 'number' ? status : undefined;
}
function errorText(error) {
    const message = error instanceof Error ? error.message : String(error);
    const status = httpStatus(error);
    return status && !message.includes(String(status)) ? `${message} (HTTP ${status})` : message;
}
async function publishComments(target, comments, log) {
    const outcomes = [];
    if (comments.length === 0)
        return outcomes;
    const octokit = (0,github/* getOctokit */.Q)(target.token, { baseUrl: target.apiUrl.replace(/\/+$/, '') });
    const where = { owner: target.owner, repo: target.repo };
    try {
        const login = await tokenLogin(octokit);
        const existing = await octokit.paginate(octokit.rest.issues.listComments, {
            ...where,
            issue_number: target.issueNumber,
            per_page: 100
        });
        for (const comment of comments) {
            const outcome = await upsert(comment);
            outcomes.push(outcome);
            log.info(`Comment for Job ${outcome.jobName} ${outcome.action}: ${outcome.url}`);
        }
        async function upsert(comment) {
            const ours = existing.find(c => sameLogin(c.user?.login, login) && (c.body ?? '').includes(comment.marker));
            if (ours && ours.body === comment.body)
                return { jobName: comment.jobName, action: 'unchanged', url: ours.html_url };
            if (ours) {
                const { data } = await octokit.rest.issues.updateComment({
                    ...where,
                    comment_id: ours.id,
                    body: comment.body
                });
                return { jobName: comment.jobName, action: 'updated', url: data.html_url };
            }
            const { data } = await octokit.rest.issues.createComment({
                ...where,
                issue_number: target.issueNumber,
                body: comment.body
            });
            return { jobName: comment.jobName, action: 'created', url: data.html_url };
        }
    }
    catch (error) {
        const pr = `pull request #${target.issueNumber}`;
        log.warning(httpStatus(error) === 403
            ? `The report was not commented on ${pr}: ${errorText(error)}. The token may only read — as for a pull ` +
                `request from a fork — or the workflow lacks "permissions: pull-requests: write". The report is in the step summary.`
            : `The report was not commented on ${pr}: ${errorText(error)}. The report is in the step summary.`);
    }
    return outcomes;
}
/** `comment: true`: one comment per Job on the run's pull request, or a notice saying why not. */
async function commentOnPullRequest(input) {
    const { env, log } = input;
    const issueNumber = pullRequestNumber(env.GITHUB_EVENT_PATH);
    if (issueNumber === undefined) {
        log.notice(`comment: this run is not for a pull request (event ${env.GITHUB_EVENT_NAME || 'unknown'}), so no comment was written.`);
        return [];
    }
    const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
    if (!input.token || !owner || !repo) {
        log.warning(`comment: ${input.token ? 'GITHUB_REPOSITORY is not set' : 'the github-token input is empty'}, so no comment was written.`);
        return [];
    }
    const context = {
        serverUrl: env.GITHUB_SERVER_URL || 'https://github.com',
        repository: `${owner}/${repo}`,
        runId: env.GITHUB_RUN_ID || '0',
        workflow: env.GITHUB_WORKFLOW || undefined,
        workflowJob: env.GITHUB_JOB || undefined
    };
    const comments = input.results.map(result => {
        const rendered = renderComment({
            result,
            describe: input.describe(result),
            logsDir: input.logsDir,
            mask: input.mask,
            context
        });
        return { jobName: result.job.metadata.name, marker: rendered.marker, body: rendered.body };
    });
    return publishComments({ token: input.token, apiUrl: env.GITHUB_API_URL || 'https://api.github.com', owner, repo, issueNumber }, comments, log);
}


/***/ })

};
